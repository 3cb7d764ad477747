#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LinuxSystem

/// The hand-off records (/run/swiftboot/md-arrays, dm-devices): appended in order, read
/// back oldest first, other shapes skipped, cleared once stopped.
struct RecordFileTests {
    @Test func appendsReadsBackAndClears() throws {
        var template = Array("/tmp/swiftboot-record-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        #expect(fd >= 0)
        close(fd)
        let path = String(cString: template)
        let record = RecordFile(path)
        record.append("vg0-root", "/dev/dm-0", subsystem: "dm")
        record.append("luks-1234", "/dev/dm-1", subsystem: "dm")
        try FileSystem.writeText(try FileSystem.readText(path) + "a line of three words\n", to: path)
        let lines = record.lines()
        #expect(lines.count == 2)
        #expect(lines.first.map { $0.0 == "vg0-root" && $0.1 == "/dev/dm-0" } == true)
        #expect(lines.last.map { $0.0 == "luks-1234" && $0.1 == "/dev/dm-1" } == true)
        record.clear()
        #expect(!FileSystem.exists(path))
        #expect(record.lines().isEmpty)
    }
}
