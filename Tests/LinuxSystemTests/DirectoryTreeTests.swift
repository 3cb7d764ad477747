import Foundation
import Testing
import BootConfig
@testable import LinuxSystem

@Suite struct DirectoryTreeTests {
    /// A tree with `/etc/passwd` = "inside" and symlinks that try to leave it.
    func makeTree() throws -> (DirectoryTree, String) {
        let dir = NSTemporaryDirectory() + "dirtree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/boot", withIntermediateDirectories: true)
        try "inside".write(toFile: dir + "/etc/passwd", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/absolute", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: dir + "/boot/up", withDestinationPath: "../../../../../etc/passwd")
        return (DirectoryTree(root: dir), dir)
    }

    @Test func absoluteSymlinkReadsTheTreesFile() throws {
        let (tree, dir) = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try tree.readText("/absolute") == "inside")
    }

    @Test func relativeSymlinkCannotClimbOut() throws {
        let (tree, dir) = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try tree.readText("/boot/up") == "inside")
    }

    @Test func kindAndListFollowLinksInside() throws {
        let (tree, dir) = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(tree.kind("/absolute") == .file)
        #expect(tree.kind("/boot") == .directory)
        #expect(tree.kind("/missing") == nil)
        #expect(try tree.list("/boot") == ["up"])
    }

    @Test func readingADirectoryFails() throws {
        let (tree, dir) = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: FileTreeError.self) { try tree.read("/boot") }
    }
}

/// The user-space resolver used on kernels without openat2 gives the same answers.
@Suite(.serialized) struct DirectoryTreeFallbackTests {
    @Test func withoutOpenat2LinksStayInside() throws {
        let (tree, dir) = try DirectoryTreeTests().makeTree()
        defer {
            DirectoryTree.openat2Missing = false
            try? FileManager.default.removeItem(atPath: dir)
        }
        DirectoryTree.openat2Missing = true
        #expect(try tree.readText("/absolute") == "inside")
        #expect(try tree.readText("/boot/up") == "inside")
        #expect(tree.kind("/boot") == .directory)
        #expect(try tree.list("/boot") == ["up"])
    }
}
