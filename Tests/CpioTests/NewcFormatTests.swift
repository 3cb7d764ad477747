import Testing
@testable import Cpio

/// One record read back from newc bytes, to check what the writer produced.
struct ParsedRecord: Equatable {
    var name: String
    var mode: UInt32
    var inode: UInt32
    var mtime: UInt32
    var rdevMajor: UInt32
    var rdevMinor: UInt32
    var data: [UInt8]
}

/// A minimal newc reader for the tests (the kernel's unpacker is the real consumer).
func parseNewc(_ bytes: [UInt8]) -> [ParsedRecord] {
    var records: [ParsedRecord] = []
    var offset = 0
    func field(_ index: Int) -> UInt32 {
        let start = offset + 6 + index * 8
        return UInt32(String(decoding: bytes[start..<start + 8], as: UTF8.self), radix: 16)!
    }
    func align(_ value: Int) -> Int { (value + 3) & ~3 }
    while offset < bytes.count {
        #expect(String(decoding: bytes[offset..<offset + 6], as: UTF8.self) == "070701")
        let nameSize = Int(field(11))
        let fileSize = Int(field(6))
        let nameStart = offset + 110
        let name = String(decoding: bytes[nameStart..<nameStart + nameSize - 1], as: UTF8.self)
        let dataStart = align(nameStart + nameSize)
        let record = ParsedRecord(name: name, mode: field(1), inode: field(0), mtime: field(5),
                                  rdevMajor: field(9), rdevMinor: field(10),
                                  data: Array(bytes[dataStart..<dataStart + fileSize]))
        records.append(record)
        offset = align(dataStart + fileSize)
        if name == "TRAILER!!!" { break }
    }
    return records
}

@Suite struct NewcFormatTests {
    @Test func recordsAreSortedWithParentsFirst() throws {
        var archive = Archive()
        try archive.addFile("/usr/share/terminfo/l/linux", contents: [1, 2, 3])
        try archive.addFile("/init", contents: [0x7f], permissions: 0o755)
        try archive.addDirectory("/dev")
        let names = parseNewc(archive.newcBytes()).map(\.name)
        #expect(names == ["dev", "init", "usr", "usr/share", "usr/share/terminfo",
                          "usr/share/terminfo/l", "usr/share/terminfo/l/linux", "TRAILER!!!"])
    }

    @Test func sameEntriesInAnyOrderGiveIdenticalBytes() throws {
        var first = Archive()
        try first.addFile("b", contents: [2])
        try first.addFile("a/x", contents: [1])
        try first.addSymlink("c", target: "b")
        var second = Archive()
        try second.addSymlink("c", target: "b")
        try second.addFile("a/x", contents: [1])
        try second.addFile("b", contents: [2])
        #expect(first.newcBytes() == second.newcBytes())
    }

    @Test func deviceNodeIsBuiltInMemory() throws {
        var archive = Archive()
        try archive.addCharacterDevice("/dev/console", major: 5, minor: 1, permissions: 0o600)
        let console = try #require(parseNewc(archive.newcBytes()).first { $0.name == "dev/console" })
        #expect(console.mode == 0o020600)
        #expect(console.rdevMajor == 5)
        #expect(console.rdevMinor == 1)
        #expect(console.data.isEmpty)
    }

    @Test func everyRecordHasTheFixedMtime() throws {
        var archive = Archive()
        try archive.addFile("etc/a", contents: Array("hello".utf8))
        let records = parseNewc(archive.newcBytes(mtime: 1_700_000_000)).dropLast()
        #expect(records.allSatisfy { $0.mtime == 1_700_000_000 })
    }

    @Test func fileDataAndSymlinkTargetAreStored() throws {
        var archive = Archive()
        try archive.addFile("init", contents: Array("#!x\n".utf8), permissions: 0o755)
        try archive.addSymlink("bin/swiftboot", target: "/init")
        let records = parseNewc(archive.newcBytes())
        let initRecord = try #require(records.first { $0.name == "init" })
        #expect(initRecord.mode == 0o100755)
        #expect(initRecord.data == Array("#!x\n".utf8))
        let link = try #require(records.first { $0.name == "bin/swiftboot" })
        #expect(link.mode == 0o120777)
        #expect(link.data == Array("/init".utf8))
    }

    @Test func archiveIsFourByteAlignedAndEndsWithTrailer() throws {
        var archive = Archive()
        try archive.addFile("odd", contents: [1, 2, 3, 4, 5])
        let bytes = archive.newcBytes()
        #expect(bytes.count % 4 == 0)
        #expect(parseNewc(bytes).last?.name == "TRAILER!!!")
    }

    @Test func inodesAreNumberedInWrittenOrder() throws {
        var archive = Archive()
        try archive.addFile("z", contents: [])
        try archive.addFile("a", contents: [])
        let records = parseNewc(archive.newcBytes())
        #expect(records.prefix(2).map(\.inode) == [1, 2])
    }
}
