import Foundation
import Testing
@testable import LinuxSystem

/// The steps that need no root, run in a scratch directory.
@Suite struct InitStepTests {
    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "initstep-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func makeDirectoryCreatesParentsAndAcceptsExisting() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let step = MakeDirectory(dir + "/run/swiftboot/mnt")
        try step.run()
        try step.run()
        #expect(FileSystem.isDirectory(dir + "/run/swiftboot/mnt"))
    }

    @Test func symbolicLinkIsNotReplaced() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try MakeSymbolicLink(dir + "/fd", to: "/proc/self/fd").run()
        try MakeSymbolicLink(dir + "/fd", to: "/elsewhere").run()
        #expect(FileSystem.readLink(dir + "/fd") == "/proc/self/fd")
    }

    @Test func settingIsWrittenAsEchoWritesIt() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/printk", contents: nil)
        try WriteSetting(dir + "/printk", "3 4 1 7").run()
        #expect(try FileSystem.readText(dir + "/printk") == "3 4 1 7\n")
    }

    @Test func settingAMissingFileFailsNamingIt() throws {
        #expect(throws: SystemError(call: "open", path: "/nonexistent/setting", errno: ENOENT)) {
            try WriteSetting("/nonexistent/setting", "1").run()
        }
    }
}
