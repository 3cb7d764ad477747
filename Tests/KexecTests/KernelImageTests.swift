import Foundation
import Testing
@testable import Kexec

@Suite struct KernelImageTests {
    @Test func recognisesABzImage() {
        #expect(KernelImage.format(of: Fixtures.bzImage()) == .bzImage)
    }

    @Test func recognisesGzip() {
        #expect(KernelImage.format(of: [0x1F, 0x8B, 8, 0]) == .gzip)
    }

    @Test func somethingElseIsPassedAsIs() throws {
        let arm64Image = [UInt8](repeating: 0, count: 0x40) + Array("ARM\u{64}".utf8)
        #expect(KernelImage.format(of: arm64Image) == .other)
        #expect(try KernelImage.decompressed(arm64Image) == nil)
        #expect(try KernelImage.decompressed(Fixtures.bzImage()) == nil)
    }

    @Test func unwrapsAGzipEFIZbootImage() throws {
        let payload = Array("an arm64 Image, uncompressed".utf8)
        let gz = try InflateTests().gzip(payload)
        var file = [UInt8](repeating: 0, count: 0x100)
        file[0] = 0x4D; file[1] = 0x5A
        file.replaceSubrange(4..<8, with: Array("zimg".utf8))
        LittleEndian.store(UInt32(0x100), into: &file, at: 8)
        LittleEndian.store(UInt32(gz.count), into: &file, at: 12)
        file.replaceSubrange(0x18..<0x1C, with: Array("gzip".utf8))
        file += gz
        #expect(KernelImage.format(of: file) == .zboot(compression: "gzip"))
        #expect(try KernelImage.decompressed(file) == payload)
    }

    @Test func refusesZbootWithAnotherCompression() {
        var file = [UInt8](repeating: 0, count: 0x100)
        file[0] = 0x4D; file[1] = 0x5A
        file.replaceSubrange(4..<8, with: Array("zimg".utf8))
        file.replaceSubrange(0x18..<0x1C, with: Array("zstd".utf8))
        #expect(throws: Inflate.Failure.self) { try KernelImage.decompressed(file) }
    }
}
