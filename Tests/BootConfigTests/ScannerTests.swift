import Testing
@testable import BootConfig

@Suite struct ScannerTests {
    static let grubCfg = """
    set timeout=7
    menuentry 'Debian GNU/Linux' {
        linux /install.amd/vmlinuz vga=788 --- quiet
        initrd /install.amd/initrd.gz
    }
    """
    static let isolinuxCfg = """
    default install
    prompt 1
    timeout 30
    label install
        kernel /install.amd/vmlinuz
        append vga=788 initrd=/install.amd/initrd.gz --- quiet
    """

    func volume(_ name: String, _ files: [String: String], index: Int = 0) -> Volume {
        Volume(name: name, tree: MemoryTree(files), grubDevice: "hd\(index)")
    }

    var hybridISO: Volume {
        volume("iso", [
            "/boot/grub/grub.cfg": Self.grubCfg,
            "/isolinux/isolinux.cfg": Self.isolinuxCfg,
            "/install.amd/vmlinuz": "k", "/install.amd/initrd.gz": "i",
        ])
    }

    @Test func hybridISOShowsGrubOnlyOnEFI() {
        let menu = Scanner.scan(ScanContext(volumes: [hybridISO], grubPlatform: "efi"))
        #expect(menu.entries.map(\.source) == [.grub])
        #expect(menu.timeout == 7)
    }

    @Test func hybridISOShowsBothOnBIOS() {
        let menu = Scanner.scan(ScanContext(volumes: [hybridISO], grubPlatform: "pc"))
        #expect(menu.entries.map(\.source) == [.grub, .syslinux])
    }

    @Test func diskWithGrubAndExtlinuxShowsBoth() {
        let disk = volume("disk", [
            "/boot/grub/grub.cfg": Self.grubCfg,
            "/boot/extlinux/extlinux.conf": Self.isolinuxCfg,
            "/install.amd/vmlinuz": "k", "/install.amd/initrd.gz": "i",
        ])
        let menu = Scanner.scan(ScanContext(volumes: [disk], grubPlatform: "efi"))
        #expect(menu.entries.map(\.source) == [.grub, .syslinux])
    }

    @Test func firstConfigWithADefaultSetsTheTimeout() {
        let a = volume("a", ["/isolinux/isolinux.cfg": Self.isolinuxCfg,
                             "/install.amd/vmlinuz": "k", "/install.amd/initrd.gz": "i"], index: 0)
        let b = volume("b", ["/boot/grub/grub.cfg": Self.grubCfg,
                             "/install.amd/vmlinuz": "k", "/install.amd/initrd.gz": "i"], index: 1)
        let menu = Scanner.scan(ScanContext(volumes: [a, b]))
        #expect(menu.entries.map(\.fs) == ["a", "b"])
        #expect(menu.entries.map(\.isDefault) == [true, false])
        #expect(menu.defaultIndex == 0)
        #expect(menu.timeout == 3)
    }

    @Test func mergeKeepsOneDefault() {
        let e = BootEntry(title: "x", id: "x", source: .grub, config: "/c", configVolume: "v", fs: "v", kernel: "/k")
        let one = ConfigMenu(entries: [e, e], defaultIndex: 1, timeout: 5)
        let two = ConfigMenu(entries: [e], defaultIndex: 0, timeout: 9)
        let merged = Scanner.merge([one, two])
        #expect(merged.entries.map(\.isDefault) == [false, true, false])
        #expect(merged.defaultIndex == 1)
        #expect(merged.timeout == 5)
    }

    @Test func menuWithoutDefaultFallsBackToFirstEntry() {
        let e = BootEntry(title: "x", id: "x", source: .grub, config: "/c", configVolume: "v", fs: "v", kernel: "/k")
        let merged = Scanner.merge([ConfigMenu(), ConfigMenu(entries: [e], defaultIndex: nil, timeout: nil)])
        #expect(merged.defaultIndex == 0)
        #expect(merged.entries[0].isDefault)
        #expect(merged.timeout == nil)
    }
}

/// A source that reports every volume it is asked about, to see the Scanner drive
/// `MenuSource` values in passes.
private struct ProbeSource: MenuSource {
    let name: String
    func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        let entry = BootEntry(title: "\(name) \(volume.name) after \(state.foundOnVolume.count)", id: name, source: .grub,
                              config: "/", configVolume: volume.name, fs: volume.name, kernel: "/k")
        return ConfigMenu(entries: [entry], blsVolumesShown: name == "first" ? [volume.name] : [])
    }
}

private struct BLSShownProbe: MenuSource {
    var name: String { "shown" }
    func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        let entry = BootEntry(title: "shown=\(state.blsVolumesShown.sorted())", id: "s", source: .bls,
                              config: "/", configVolume: volume.name, fs: volume.name, kernel: "/k")
        return ConfigMenu(entries: [entry])
    }
}

@Suite struct MenuSourceScannerTests {
    @Test func passesRunOverEveryVolumeInOrder() {
        let a = Volume(name: "a", tree: MemoryTree(), grubDevice: "hd0")
        let b = Volume(name: "b", tree: MemoryTree(), grubDevice: "hd1")
        let menu = Scanner.scan(ScanContext(volumes: [a, b]),
                                passes: [[ProbeSource(name: "first"), ProbeSource(name: "second")], [BLSShownProbe()]])
        #expect(menu.entries.map(\.title) == [
            "first a after 0", "second a after 1", "shown=[\"a\", \"b\"]",
            "first b after 0", "second b after 1", "shown=[\"a\", \"b\"]",
        ])
    }

    @Test func localPassesAreTheFourFormats() {
        #expect(Scanner.localPasses.map { $0.map(\.name) } == [["grub", "syslinux"], ["bls", "uki"]])
    }
}
