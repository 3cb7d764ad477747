import Testing
@testable import Kexec

@Suite struct MemoryMapTests {
    @Test func iomemGivesTopLevelSystemRAMWithoutTheCrashKernel() {
        let ram = IOMem.systemRAM(Fixtures.iomem)
        #expect(ram == [
            MemoryRange(start: 0x1000, end: 0x9FC00),
            MemoryRange(start: 0x100000, end: 0xC000000),
            MemoryRange(start: 0xD000000, end: 0x7FFE0000),
            MemoryRange(start: 0x1_0000_0000, end: 0x1_8000_0000),
        ])
    }

    @Test func iomemReadByNonRootGivesNothing() {
        let zeros = "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n"
        #expect(IOMem.systemRAM(zeros).isEmpty)
    }

    @Test func firmwareMapBecomesSortedE820Entries() {
        let table = E820Entry.table(fromFirmwareMap: [
            (start: 0x100000, end: 0x7ffdffff, type: "System RAM\n"),
            (start: 0x0, end: 0x9fbff, type: "System RAM"),
            (start: 0x7ffe0000, end: 0x7fffffff, type: "Reserved"),
            (start: 0xfed1c000, end: 0xfed1ffff, type: "ACPI Non-volatile Storage"),
        ])
        #expect(table == [
            E820Entry(address: 0, size: 0x9FC00, type: 1),
            E820Entry(address: 0x100000, size: 0x7FEE0000, type: 1),
            E820Entry(address: 0x7FFE0000, size: 0x20000, type: 2),
            E820Entry(address: 0xFED1C000, size: 0x4000, type: 4),
        ])
    }

    @Test(arguments: [("ACPI Tables", UInt32(3)), ("Unusable memory", 5), ("Persistent Memory", 7),
                      ("Persistent Memory (legacy)", 12), ("Soft Reserved", 0xEFFF_FFFF), ("reserved", 2)])
    func firmwareTypeNames(name: String, type: UInt32) {
        #expect(E820Entry.type(named: name) == type)
    }
}

@Suite struct IOMemFirmwareMapTests {
    @Test func topLevelRAMAndReservedRangesWithoutDeviceWindows() {
        let table = E820Entry.table(fromFirmwareMap: IOMem.firmwareEntries(Fixtures.iomem))
        #expect(table == [
            E820Entry(address: 0, size: 0x1000, type: 2),
            E820Entry(address: 0x1000, size: 0x9EC00, type: 1),
            E820Entry(address: 0x9FC00, size: 0x400, type: 2),
            E820Entry(address: 0xF0000, size: 0x10000, type: 2),
            E820Entry(address: 0x100000, size: 0x7FEE0000, type: 1),
            E820Entry(address: 0x7FFE0000, size: 0x20000, type: 2),
            E820Entry(address: 0x1_0000_0000, size: 0x8000_0000, type: 1),
        ])
    }
}
