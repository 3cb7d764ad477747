import Cpio
import Foundation
import Testing
@testable import Kexec

@Suite struct InitramfsDigestTests {
    /// A small image tree on the host: two files, a symlink, an ignored /proc, and its digest.
    func tree() throws -> URL {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("kexec-digest-\(UUID().uuidString)")
        for sub in ["etc/swiftboot", "lib/modules", "proc/1"] {
            try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data("#!init\n".utf8).write(to: dir.appendingPathComponent("init"))
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("lib/modules/a.ko"))
        try Data("runtime".utf8).write(to: dir.appendingPathComponent("proc/1/status"))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("bin").path, withDestinationPath: "init")
        let line = ContentDigest.line(files: [("init", Array("#!init\n".utf8)), ("lib/modules/a.ko", [1, 2, 3])])
        try Data(line.utf8).write(to: dir.appendingPathComponent("etc/swiftboot/digest"))
        return dir
    }

    @Test func anUntouchedTreeMatches() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard case .match = try InitramfsDigest.check(root: dir.path) else {
            Issue.record("expected a match")
            return
        }
    }

    @Test func aChangedByteIsAMismatch() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([1, 2, 4]).write(to: dir.appendingPathComponent("lib/modules/a.ko"))
        guard case .mismatch = try InitramfsDigest.check(root: dir.path) else {
            Issue.record("expected a mismatch")
            return
        }
    }

    @Test func anImageWithoutDigestSaysSo() throws {
        let dir = try tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("etc/swiftboot/digest"))
        #expect(try InitramfsDigest.check(root: dir.path) == .noDigest)
    }
}
