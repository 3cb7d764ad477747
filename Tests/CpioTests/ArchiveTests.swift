import Testing
@testable import Cpio

@Suite struct ArchiveTests {
    @Test func differentContentsAtSamePathThrow() throws {
        var archive = Archive()
        try archive.addFile("etc/x", contents: [1])
        #expect(throws: ArchiveError.duplicate(path: "etc/x")) {
            try archive.addFile("/etc/x", contents: [2])
        }
    }

    @Test func identicalEntryAddedTwiceIsAccepted() throws {
        var archive = Archive()
        try archive.addFile("etc/x", contents: [1])
        try archive.addFile("etc/x", contents: [1])
        #expect(archive.files.count == 1)
    }

    @Test func dotDotIsRejected() {
        var archive = Archive()
        #expect(throws: ArchiveError.invalidPath("../etc/passwd")) {
            try archive.addFile("../etc/passwd", contents: [])
        }
    }

    @Test func entryBelowAFileIsRejected() throws {
        var archive = Archive()
        try archive.addFile("init", contents: [])
        #expect(throws: ArchiveError.notADirectory(path: "init")) {
            try archive.addFile("init/x", contents: [])
        }
    }

    @Test func explicitDirectoryModeReplacesImplicitParent() throws {
        var archive = Archive()
        try archive.addFile("tmp/x", contents: [])
        try archive.addDirectory("tmp", permissions: 0o1777)
        #expect(archive["tmp"]?.mode == 0o041777)
    }

    @Test func pathsAreNormalized() {
        #expect(Entry.normalize("//usr/./share//x/") == "usr/share/x")
    }
}
