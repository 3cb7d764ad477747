import Foundation
import Testing
@testable import LinuxSystem

@Suite struct EFIVariableDataTests {
    @Test func stringsAreUTF16LittleEndianWithATrailingNUL() {
        #expect(EFIVariableData.utf16("ab") == [0x61, 0, 0x62, 0, 0, 0])
        #expect(EFIVariableData.utf16("") == [0, 0])
        // Outside the BMP: a surrogate pair.
        #expect(EFIVariableData.utf16("\u{1F600}") == [0x3d, 0xd8, 0x00, 0xde, 0, 0])
    }

    @Test(arguments: ["entry-b.conf", "", "Fedora Linux 41 (Workstation)", "ü\u{1F600}x"])
    func stringsRoundTrip(_ text: String) {
        #expect(EFIVariableData.string(utf16: EFIVariableData.utf16(text)) == text)
    }

    @Test func decodingAcceptsAMissingNULAndRejectsBrokenData() {
        #expect(EFIVariableData.string(utf16: [0x61, 0]) == "a")
        #expect(EFIVariableData.string(utf16: [0x61]) == nil)
        #expect(EFIVariableData.string(utf16: [0x61, 0, 0, 0, 0x62, 0]) == nil)
        #expect(EFIVariableData.string(utf16: [0x3d, 0xd8, 0x61, 0]) == nil)
    }

    @Test func listsAreNULSeparatedStrings() {
        #expect(EFIVariableData.utf16List(["a", "bc"]) == [0x61, 0, 0, 0, 0x62, 0, 0x63, 0, 0, 0])
        #expect(EFIVariableData.utf16List([]) == [])
    }

    @Test func numbersAreSixtyFourBitLittleEndian() {
        #expect(EFIVariableData.uint64(0x2_0304) == [0x04, 0x03, 0x02, 0, 0, 0, 0, 0])
    }

    @Test func filesAreFourBytesOfAttributesThenTheData() throws {
        let file = EFIVariableData.file(attributes: .persistent, data: [0xaa, 0xbb])
        #expect(file == [0x07, 0, 0, 0, 0xaa, 0xbb])
        let (attributes, data) = try #require(EFIVariableData.split(file))
        #expect(attributes == [.nonVolatile, .bootServiceAccess, .runtimeAccess])
        #expect(data == [0xaa, 0xbb])
        #expect(EFIVariableData.split([6, 0, 0, 0])?.attributes == [.bootServiceAccess, .runtimeAccess])
        #expect(EFIVariableData.split([7, 0, 0]) == nil)
    }

    @Test func fileNamesCarryTheVendorGUID() {
        #expect(EFIVariableData.fileName("LoaderEntryOneShot") == "LoaderEntryOneShot-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f")
    }

    /// The file layer on a plain directory (efivarfs itself needs EFI firmware: the QEMU
    /// test covers it).
    @Test func storeWritesReadsAndDeletesFiles() throws {
        let dir = NSTemporaryDirectory() + "efivars-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = EFIVariableStore(directory: dir)
        #expect(try store.read("LoaderEntryOneShot") == nil)
        try store.write("LoaderEntryOneShot", data: EFIVariableData.utf16("b.conf"))
        let raw = try #require(FileManager.default.contents(atPath: dir + "/LoaderEntryOneShot-" + EFIVariableData.loaderVendor))
        #expect([UInt8](raw) == [7, 0, 0, 0] + EFIVariableData.utf16("b.conf"))
        #expect(try store.readString("LoaderEntryOneShot") == "b.conf")
        try store.delete("LoaderEntryOneShot")
        #expect(try store.read("LoaderEntryOneShot") == nil)
        try store.delete("LoaderEntryOneShot")
    }
}
