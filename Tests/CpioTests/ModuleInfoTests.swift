import Testing
@testable import Cpio

@Suite struct ModuleInfoTests {
    /// A minimal ELF64 little-endian file: a null section, `.modinfo` and `.shstrtab`.
    static func elf(modinfo: [String]) -> [UInt8] {
        let info = Array(modinfo.map { $0 + "\0" }.joined().utf8)
        let names = Array("\0.modinfo\0.shstrtab\0".utf8)
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0...5] = [0x7f, 0x45, 0x4c, 0x46, 2, 1]
        let infoOffset = bytes.count
        bytes += info
        let namesOffset = bytes.count
        bytes += names
        let table = bytes.count
        func put(_ value: Int, _ size: Int, at: Int) {
            for i in 0..<size { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
        }
        put(table, 8, at: 0x28)
        put(64, 2, at: 0x3a)
        put(3, 2, at: 0x3c)
        put(2, 2, at: 0x3e)
        bytes += [UInt8](repeating: 0, count: 3 * 64)
        for (index, (name, offset, size)) in [(0, 0, 0), (1, infoOffset, info.count), (10, namesOffset, names.count)].enumerated() {
            let base = table + index * 64
            put(name, 4, at: base)
            put(offset, 8, at: base + 24)
            put(size, 8, at: base + 32)
        }
        return bytes
    }

    @Test func readsFirmwareAndSoftdepFromModinfo() throws {
        let info = try #require(ModuleInfo(elf: Self.elf(modinfo: [
            "license=GPL", "firmware=rtl_nic/rtl8168d-1.fw", "softdep=pre: crc32c post: ipmi_devintf",
            "firmware=rtl_nic/rtl8168e-2.fw",
        ])))
        #expect(info.firmware == ["rtl_nic/rtl8168d-1.fw", "rtl_nic/rtl8168e-2.fw"])
        #expect(info.softDependencies == SoftDependencies(pre: ["crc32c"], post: ["ipmi_devintf"]))
    }

    @Test func notAnElfFileGivesNil() {
        #expect(ModuleInfo(elf: Array("not a module at all, just text padding it out to sixty-four bytes...".utf8)) == nil)
        #expect(ModuleInfo(elf: [0x7f, 0x45]) == nil)
    }

    @Test func softdepLinesAreParsedAndWrittenBack() {
        let table = SoftDependencies.table(parsing: """
            # Soft dependencies extracted from modules themselves.
            softdep ext4 pre: crypto-crc32c
            softdep btrfs pre: sha256
            softdep btrfs pre: crypto-crc32c
            softdep ipmi-msghandler post: ipmi_devintf
            """)
        #expect(table["ext4"] == SoftDependencies(pre: ["crypto-crc32c"]))
        #expect(table["btrfs"] == SoftDependencies(pre: ["sha256", "crypto-crc32c"]))
        #expect(table["ipmi_msghandler"]?.post == ["ipmi_devintf"])
        #expect(KernelModules.softdepText(table, keeping: ["ext4", "ipmi_msghandler"])
                == "softdep ext4 pre: crypto-crc32c\nsoftdep ipmi_msghandler post: ipmi_devintf\n")
    }
}

@Suite struct SoftDependencyClosureTests {
    let index = KernelModules(modulesDep: """
        kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko
        kernel/fs/jbd2/jbd2.ko:
        kernel/fs/mbcache.ko:
        kernel/crypto/crc32c_generic.ko:
        kernel/arch/x86/crypto/crc32c-intel.ko:
        kernel/drivers/usb/host/ohci-pci.ko: kernel/drivers/usb/host/ohci-hcd.ko
        kernel/drivers/usb/host/ohci-hcd.ko:
        kernel/drivers/usb/host/ehci-pci.ko:
        """)
    let aliases = KernelModules.aliases(parsing: """
        alias crypto-crc32c crc32c_generic
        alias crc32c crc32c_generic
        alias crypto-crc32c crc32c_intel
        alias pci:v*d*sv*sd*bc0Csc03i10* ohci_pci
        """)

    func closure(_ wanted: [String], _ soft: [String: SoftDependencies]) -> (modules: [String], unknown: [String], unresolved: [String]) {
        index.closure(of: wanted, aliases: aliases, softDependencies: { soft[$0] ?? SoftDependencies() })
    }

    @Test func softDependencyAliasBringsEveryModuleWithIt() {
        let result = closure(["ext4"], ["ext4": SoftDependencies(pre: ["crypto-crc32c"])])
        #expect(result.modules == ["crc32c_generic", "crc32c_intel", "ext4", "jbd2", "mbcache"])
        #expect(result.unresolved.isEmpty)
    }

    @Test func softDependenciesOfDependenciesCount() {
        let result = closure(["ext4"], ["jbd2": SoftDependencies(pre: ["crc32c"])])
        #expect(result.modules == ["crc32c_generic", "ext4", "jbd2", "mbcache"])
    }

    @Test func postDependenciesByNameCount() {
        let result = closure(["ohci-pci"], ["ohci_pci": SoftDependencies(pre: ["ehci_pci"], post: ["nowhere"])])
        #expect(result.modules == ["ehci_pci", "ohci_hcd", "ohci_pci"])
        #expect(result.unresolved == ["ohci_pci: nowhere"])
    }

    @Test func withoutSoftDependenciesNothingExtra() {
        #expect(closure(["ext4"], [:]).modules == ["ext4", "jbd2", "mbcache"])
    }

    @Test(arguments: [
        ("crypto-crc32c", "crypto-crc32c", true),
        ("pci:v*d*sv*sd*bc0Csc03i10*", "pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i10", true),
        ("pci:v*d*sv*sd*bc0Csc03i10*", "pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30", false),
        ("usb:v*p*d*dc*dsc*dp*ic08isc0[1-6]ip50in*", "usb:v46F4p0001d0000dc00dsc00dp00ic08isc06ip50in00", true),
        ("fs-?fat", "fs-vfat", true),
        ("fs-vfat", "fs-vfatx", false),
    ])
    func wildcardPatterns(pattern: String, text: String, expected: Bool) {
        #expect(KernelModules.wildcardMatch(pattern, text) == expected)
    }
}
