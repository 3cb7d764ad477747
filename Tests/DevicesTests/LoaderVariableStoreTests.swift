import BootConfig
import Devices
import Foundation
import LinuxSystem
import Testing

/// `LoaderVariableStore.record` on a plain directory laid out as efivarfs is.
@Suite struct LoaderVariableStoreTests {
    func withStore(_ body: (EFIVariableStore, String) throws -> Void) throws {
        let dir = NSTemporaryDirectory() + "bli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(EFIVariableStore(directory: dir), dir)
    }

    @Test func aBootWritesTheRecordAndConsumesTheOneShots() throws {
        try withStore { store, _ in
            try store.write("LoaderEntryOneShot", data: EFIVariableData.utf16("b.conf"))
            try store.write("LoaderConfigTimeoutOneShot", data: EFIVariableData.utf16("0"))
            try store.write("LoaderEntryLastBooted", data: EFIVariableData.utf16("a.conf"))
            let record = LoaderBootRecord(selected: "b.conf", entries: ["b.conf", "a.conf"], deleteOneShot: true,
                                          deleteTimeoutOneShot: true, lastBooted: .delete)
            try LoaderVariableStore.record(record, info: "swiftboot 9.9", in: store)
            #expect(try store.readString("LoaderEntrySelected") == "b.conf")
            #expect(try store.readString("LoaderInfo") == "swiftboot 9.9")
            #expect(try store.read("LoaderEntries")?.data == EFIVariableData.utf16("b.conf") + EFIVariableData.utf16("a.conf"))
            #expect(try store.read("LoaderFeatures")?.data == EFIVariableData.uint64(LoaderFeatures.honoured.rawValue))
            #expect(try store.read("LoaderFeatures")?.attributes == .persistent)
            #expect(try store.read("LoaderEntryOneShot") == nil)
            #expect(try store.read("LoaderConfigTimeoutOneShot") == nil)
            #expect(try store.read("LoaderEntryLastBooted") == nil)
            let startText = try store.readString("LoaderTimeInitUSec") ?? ""
            let execText = try store.readString("LoaderTimeExecUSec") ?? ""
            let start = try #require(UInt64(startText))
            let exec = try #require(UInt64(execText))
            #expect(start <= exec)
        }
    }

    @Test func unchangedValuesAreNotWrittenAgain() throws {
        try withStore { store, dir in
            let record = LoaderBootRecord(selected: "a.conf", entries: ["a.conf"], deleteOneShot: false,
                                          deleteTimeoutOneShot: false, lastBooted: .set("a.conf"))
            try LoaderVariableStore.record(record, info: "swiftboot 9.9", in: store)
            let file = dir + "/" + EFIVariableData.fileName("LoaderEntrySelected")
            let before = try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date
            // Mark the file so a rewrite would show.
            let marked = Date(timeIntervalSince1970: 1_000_000)
            try FileManager.default.setAttributes([.modificationDate: marked], ofItemAtPath: file)
            try LoaderVariableStore.record(record, info: "swiftboot 9.9", in: store)
            #expect(before != nil)
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date == marked)
            #expect(try store.readString("LoaderEntryLastBooted") == "a.conf")
        }
    }
}
