@testable import Kexec

/// Builds synthetic kernel files with the fields the tests look at.
enum Fixtures {
    /// A bzImage-shaped file: boot sector signature, `HdrS`, protocol 2.15, 64-bit
    /// relocatable, `setupSects` setup sectors, then `payload` bytes.
    static func bzImage(setupSects: UInt8 = 3, version: UInt16 = 0x020F, xloadFlags: UInt16 = 0x3,
                        relocatable: UInt8 = 1, payload: Int = 8192, initSize: UInt32 = 0x40_0000,
                        cmdlineSize: UInt32 = 2047, initrdAddrMax: UInt32 = 0x7FFF_FFFF) -> [UInt8] {
        let sects = setupSects == 0 ? 4 : Int(setupSects)
        var f = [UInt8](repeating: 0, count: (sects + 1) * 512 + payload)
        f[0x1F1] = setupSects
        f[0x1FE] = 0x55
        f[0x1FF] = 0xAA
        f[0x200] = 0xEB                 // jmp short
        f[0x201] = 0x66                 // header ends at 0x202 + 0x66 = 0x268
        f.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        LittleEndian.store(version, into: &f, at: 0x206)
        f[0x211] = 0x01                 // LOADED_HIGH
        LittleEndian.store(initrdAddrMax, into: &f, at: 0x22C)
        LittleEndian.store(UInt32(0x20_0000), into: &f, at: 0x230)
        f[0x234] = relocatable
        LittleEndian.store(xloadFlags, into: &f, at: 0x236)
        LittleEndian.store(cmdlineSize, into: &f, at: 0x238)
        LittleEndian.store(UInt64(0x100_0000), into: &f, at: 0x258)
        LittleEndian.store(initSize, into: &f, at: 0x260)
        for i in (sects + 1) * 512..<f.count { f[i] = UInt8(truncatingIfNeeded: i) }
        return f
    }

    /// A /proc/iomem as root sees it on a 2 GiB QEMU q35 machine.
    static let iomem = """
    00000000-00000fff : Reserved
    00001000-0009fbff : System RAM
    0009fc00-0009ffff : Reserved
    000a0000-000bffff : PCI Bus 0000:00
    000f0000-000fffff : Reserved
      000f0000-000fffff : System ROM
    00100000-7ffdffff : System RAM
      0c000000-0cffffff : Crash kernel
      3a000000-3ae02b67 : Kernel code
      3ae02b68-3b4a163f : Kernel data
    7ffe0000-7fffffff : Reserved
    b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]
    fed00000-fed003ff : HPET 0
    100000000-17fffffff : System RAM
    """

    /// A minimal x86_64 PE file with the given sections (name, data), as a UKI.
    static func uki(_ sections: [(String, [UInt8])]) -> [UInt8] {
        let peOffset = 0x40, optionalSize = 240
        let table = peOffset + 24 + optionalSize
        var dataAt = (table + sections.count * 40 + 511) / 512 * 512
        var f = [UInt8](repeating: 0, count: dataAt)
        f[0] = 0x4D; f[1] = 0x5A
        LittleEndian.store(UInt32(peOffset), into: &f, at: 0x3C)
        LittleEndian.store(UInt32(0x4550), into: &f, at: peOffset)
        LittleEndian.store(UInt16(0x8664), into: &f, at: peOffset + 4)
        LittleEndian.store(UInt16(sections.count), into: &f, at: peOffset + 6)
        LittleEndian.store(UInt16(optionalSize), into: &f, at: peOffset + 20)
        LittleEndian.store(UInt16(0x20B), into: &f, at: peOffset + 24)
        LittleEndian.store(UInt16(10), into: &f, at: peOffset + 24 + 68)   // EFI application
        for (i, (name, data)) in sections.enumerated() {
            let h = table + i * 40
            for (j, c) in name.utf8.enumerated() { f[h + j] = c }
            LittleEndian.store(UInt32(data.count), into: &f, at: h + 8)
            LittleEndian.store(UInt32(data.count), into: &f, at: h + 16)
            LittleEndian.store(UInt32(dataAt), into: &f, at: h + 20)
            f += data
            dataAt += data.count
        }
        return f
    }
}
