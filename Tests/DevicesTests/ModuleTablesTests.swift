import Testing
@testable import Devices

@Suite struct ModuleTablesTests {
    let aliases = ModuleAliases(parsing: """
        # Aliases extracted from modules themselves.
        alias pci:v00001AF4d00001042sv*sd*bc*sc*i* virtio_pci
        alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci
        alias virtio:d00000002v* virtio_blk
        alias fs-vfat vfat
        alias fs-iso9660 isofs
        alias *:cd00*dsc* catchall
        alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb_storage
        """)

    let deps = ModuleDependencies(parsing: """
        kernel/drivers/block/virtio_blk.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz kernel/drivers/virtio/virtio.ko.xz
        kernel/drivers/virtio/virtio_ring.ko.xz: kernel/drivers/virtio/virtio.ko.xz
        kernel/drivers/virtio/virtio.ko.xz:
        kernel/fs/fat/vfat.ko.zst: kernel/fs/fat/fat.ko.zst
        kernel/fs/fat/fat.ko.zst:
        kernel/drivers/usb/storage/usb-storage.ko: kernel/drivers/usb/core/usbcore.ko
        """)

    @Test func matchesModaliasGlobs() {
        #expect(aliases.modules(for: "virtio:d00000002v00001AF4") == ["virtio_blk"])
        #expect(aliases.modules(for: "pci:v00001AF4d00001042sv00001AF4sd00001100bc01sc00i00") == ["virtio_pci"])
        #expect(aliases.modules(for: "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01").isEmpty)
    }

    @Test func matchesUSBStorageInterface() {
        #expect(aliases.modules(for: "usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00") == ["usb_storage"])
    }

    @Test func patternsWithWildcardBusStillMatch() {
        #expect(aliases.modules(for: "acpi:cd00dsc") == ["catchall"])
    }

    @Test func classesAndMalformedLinesAsFnmatch() {
        let table = ModuleAliases(parsing: """
            alias   pci:v0000[1-2]AF4d*   ranged
            alias pci:v00001AF4d* extra words here
            alias pci:v0000?AF4d* single
            alias pci:v00001AF4d* ranged
            aliases pci:v00001AF4d* wrong_keyword
            alias
            alias virtio:d00000002v*
            """)
        // Each module once, in file order; lines with other than three words are skipped.
        #expect(table.modules(for: "pci:v00001AF4d00001042") == ["ranged", "single"])
        #expect(table.modules(for: "pci:v00003AF4d00001042") == ["single"])
        #expect(table.modules(for: "virtio:d00000002v00001AF4").isEmpty)
        // A modalias shorter than a pattern's literal start.
        #expect(table.modules(for: "pci:v0").isEmpty)
    }

    @Test func filesystemAliasNamesTheModule() {
        #expect(aliases.modules(for: "fs-iso9660") == ["isofs"])
    }

    @Test func loadOrderPutsDependenciesFirst() {
        #expect(deps.loadOrder(for: "virtio_blk") == [
            "kernel/drivers/virtio/virtio.ko.xz",
            "kernel/drivers/virtio/virtio_ring.ko.xz",
            "kernel/drivers/block/virtio_blk.ko.xz",
        ])
    }

    @Test func dashesAndUnderscoresAreTheSameModule() {
        #expect(deps.loadOrder(for: "usb_storage") == ["kernel/drivers/usb/storage/usb-storage.ko"])
        #expect(ModuleDependencies.moduleName("kernel/fs/fat/vfat.ko.zst") == "vfat")
    }

    @Test func unknownModuleHasNothingToLoad() {
        #expect(deps.loadOrder(for: "ext4").isEmpty)
    }

    @Test func vfatNeedsItsCodepages() {
        #expect(FilesystemModules.modules(for: "vfat") == ["fs-vfat", "nls_cp437", "nls_ascii", "nls_utf8"])
        #expect(FilesystemModules.modules(for: "xfs") == ["fs-xfs"])
    }
}
