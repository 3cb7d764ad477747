#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import Testing

@Suite("Reading whole files")
struct ReadAllTests {
    /// Writes `bytes` to a fresh temporary file and reads it back with `readAll`.
    func roundTrip(_ bytes: [UInt8]) throws -> [UInt8] {
        var template = Array("/tmp/swiftboot-readall-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        try #require(fd >= 0)
        let path = String(cString: template)
        defer { unlink(path) }
        bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let file = try FileDescriptor.open(path, .readOnly)
        defer { file.close() }
        return try file.readAll()
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 12_289, 3_000_001])
    func everyByteComesBackOnce(size: Int) throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 4096) }
        #expect(try roundTrip(bytes) == bytes)
    }

    @Test func aReadErrorIsThrown() throws {
        let dir = try FileDescriptor.open("/tmp", .readOnly, options: [.directory])
        defer { dir.close() }
        #expect(throws: SystemError.self) { try dir.readAll() }
    }
}
