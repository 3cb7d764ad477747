import Testing
@testable import Kexec

@Suite struct PurgatoryTests {
    @Test func patchesBothAddressesLittleEndian() {
        let page = Purgatory.page(bootParams: 0x10_0000, kernelEntry: 0x100_0200)
        #expect(page.count == 4096)
        #expect(LittleEndian.load(UInt64.self, page, at: Purgatory.bootParamsOffset) == 0x10_0000)
        #expect(LittleEndian.load(UInt64.self, page, at: Purgatory.kernelEntryOffset) == 0x100_0200)
        #expect(Array(page[0..<Purgatory.bootParamsOffset]) == Array(Purgatory.code[0..<Purgatory.bootParamsOffset]))
    }

    @Test func writesTheCheckTable() {
        let checks = [Purgatory.Check(address: 0x100_0000, length: 0x2000, sum: 0xDEAD),
                      Purgatory.Check(address: 0x7000_0000, length: 0x1000, sum: 0xBEEF)]
        let page = Purgatory.page(bootParams: 1, kernelEntry: 2, checks: checks)
        let t = Purgatory.checksOffset
        #expect(LittleEndian.load(UInt64.self, page, at: t) == 2)
        #expect(LittleEndian.load(UInt64.self, page, at: t + 8) == 0x100_0000)
        #expect(LittleEndian.load(UInt64.self, page, at: t + 16) == 0x400)   // words, not bytes
        #expect(LittleEndian.load(UInt64.self, page, at: t + 24) == 0xDEAD)
        #expect(LittleEndian.load(UInt64.self, page, at: t + 32) == 0x7000_0000)
        #expect(LittleEndian.load(UInt64.self, page, at: t + 48) == 0xBEEF)
    }

    @Test func gdtHasFlatCodeAt0x10AndDataAt0x18() {
        let c = Purgatory.code
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset) == 0)
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset + 0x10) == 0x00AF_9A00_0000_FFFF)
        #expect(LittleEndian.load(UInt64.self, c, at: Purgatory.gdtOffset + 0x18) == 0x00CF_9200_0000_FFFF)
        // lgdt operand: limit 0x1f (four descriptors) just before the base slot.
        #expect(LittleEndian.load(UInt16.self, c, at: 0x176) == 0x1F)
    }

    /// The RIP-relative operands must reach the slots the Swift side patches.
    @Test func ripRelativeOperandsReachTheSlots() {
        let c = Purgatory.code
        func target(_ at: Int, _ opcode: [UInt8]) -> Int {
            #expect(Array(c[at..<(at + opcode.count)]) == opcode)
            let end = at + opcode.count + 4
            return end + Int(Int32(bitPattern: LittleEndian.load(UInt32.self, c, at: at + opcode.count)))
        }
        #expect(target(0x02, [0x48, 0x8D, 0x25]) == Purgatory.size)              // lea …, %rsp
        #expect(target(0x09, [0x48, 0x8D, 0x1D]) == Purgatory.checksOffset)      // lea checks, %rbx
        #expect(target(0x49, [0x48, 0x8D, 0x05]) == Purgatory.gdtOffset)         // lea gdt, %rax
        #expect(target(0x79, [0x48, 0x8B, 0x35]) == Purgatory.bootParamsOffset)  // mov …, %rsi
        #expect(target(0x80, [0x48, 0x8B, 0x05]) == Purgatory.kernelEntryOffset) // mov …, %rax
    }

    @Test func endsInAnIndirectJumpThroughRAX() {
        #expect(Array(Purgatory.code[0xA9..<0xAB]) == [0xFF, 0xE0])
    }

    @Test func checksumRotatesThenAdds() {
        // Words 1 and 2: h = rol(0,5)+1 = 1; h = rol(1,5)+2 = 34.
        let bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]
        #expect(Purgatory.checksum(bytes, length: 16) == 34)
    }

    @Test func checksumCountsTheZeroFilledTail() {
        let bytes: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0]
        #expect(Purgatory.checksum(bytes, length: 8) == 1)
        #expect(Purgatory.checksum(bytes, length: 16) == 32)           // one zero word: rol 5
        #expect(Purgatory.checksum(bytes, length: 8 + 64 * 8) == 1)     // 64 rotations by 5: identity
        #expect(Purgatory.checksum([3], length: 4096) == Purgatory.checksum([3, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 4088), length: 4096))
    }

    @Test func checksumSeesAChangedByte() {
        var bytes = [UInt8](repeating: 0xA5, count: 4096)
        let before = Purgatory.checksum(bytes, length: 4096)
        bytes[2049] ^= 0x10
        #expect(Purgatory.checksum(bytes, length: 4096) != before)
    }
}
