import Testing
@testable import Kexec

@Suite struct PurgatoryTests {
    @Test func patchesBothAddressesLittleEndian() {
        let page = Purgatory.page(bootParams: 0x10_0000, kernelEntry: 0x100_0200)
        #expect(page.count == 4096)
        #expect(LittleEndian.load(UInt64.self, page, at: Purgatory.bootParamsOffset) == 0x10_0000)
        #expect(LittleEndian.load(UInt64.self, page, at: Purgatory.kernelEntryOffset) == 0x100_0200)
        #expect(Array(page[0..<0x70]) == Array(Purgatory.code[0..<0x70]))
    }

    @Test func gdtHasFlatCodeAt0x10AndDataAt0x18() {
        let c = Purgatory.code
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset) == 0)
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset + 0x10) == 0x00AF_9A00_0000_FFFF)
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset + 0x18) == 0x00CF_9200_0000_FFFF)
        // lgdt operand: limit 0x1f (four descriptors) just before the base slot.
        #expect(LittleEndian.load(UInt16.self, c, at: 0xA6) == 0x1F)
    }

    /// The RIP-relative loads of RSI and RAX must read the two patched slots.
    @Test func ripRelativeLoadsReadTheSlots() {
        let c = Purgatory.code
        // 48 8b 35 disp32 at 0x39 (mov disp(%rip),%rsi), next instruction at 0x40.
        #expect(Array(c[0x39..<0x3C]) == [0x48, 0x8B, 0x35])
        #expect(0x40 + Int(LittleEndian.load(UInt32.self, c, at: 0x3C)) == Purgatory.bootParamsOffset)
        #expect(Array(c[0x40..<0x43]) == [0x48, 0x8B, 0x05])
        #expect(0x47 + Int(LittleEndian.load(UInt32.self, c, at: 0x43)) == Purgatory.kernelEntryOffset)
        // lea disp(%rip),%rsp at 0x26 points at the end of the page (the stack top).
        #expect(0x2D + Int(LittleEndian.load(UInt32.self, c, at: 0x29)) == Purgatory.size)
    }

    @Test func endsInAnIndirectJumpThroughRAX() {
        #expect(Array(Purgatory.code[0x69..<0x6B]) == [0xFF, 0xE0])
    }
}
