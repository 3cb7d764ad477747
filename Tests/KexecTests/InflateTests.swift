import Foundation
import Testing
@testable import Kexec

@Suite struct InflateTests {
    /// Compresses with the system's gzip, so the decoder meets a real encoder's output.
    func gzip(_ data: [UInt8], level: String = "-6") throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kexec-inflate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data")
        try Data(data).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = [level, "-n", file.path]
        try p.run()
        p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("data.gz")))
    }

    var text: [UInt8] {
        Array((0..<4000).map { "line \($0 % 97): the quick brown fox jumps over the lazy dog\n" }.joined().utf8)
    }

    var noise: [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    @Test func decodesDynamicHuffmanBlocks() throws {
        #expect(try Inflate.gunzip(gzip(text, level: "-9")) == text)
    }

    @Test func decodesFastLevelOutput() throws {
        #expect(try Inflate.gunzip(gzip(text, level: "-1")) == text)
    }

    @Test func decodesStoredBlocksOfIncompressibleData() throws {
        let data = noise
        #expect(try Inflate.gunzip(gzip(data)) == data)
    }

    @Test func decodesAnEmptyStream() throws {
        #expect(try Inflate.gunzip(gzip([])) == [])
    }

    @Test func decodesAFixedHuffmanBlock() throws {
        // "abcabcabc" hand-encoded with the fixed code: literals a b c, then <length 6, distance 3>.
        let raw: [UInt8] = [0x4B, 0x4C, 0x4A, 0x4E, 0x04, 0x23, 0x00]
        #expect(try Inflate.inflate(raw).0 == Array("abcabcabc".utf8))
    }

    @Test func detectsACorruptedCRC() throws {
        var gz = try gzip(text)
        gz[gz.count - 8] ^= 0xFF
        #expect(throws: Inflate.Failure.self) { try Inflate.gunzip(gz) }
    }

    @Test func detectsATruncatedStream() throws {
        let gz = try gzip(text)
        #expect(throws: Inflate.Failure.self) { try Inflate.gunzip(Array(gz.prefix(gz.count / 2))) }
    }

    @Test func crc32OfTheCheckString() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}
