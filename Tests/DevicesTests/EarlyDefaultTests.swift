import BootConfig
import Testing
@testable import Devices

/// Which disks a driver still loading may bring, and whether they can change a default.
@Suite struct EarlyDefaultTests {
    @Test func storageControllersByClass() {
        // q35's AHCI, an NVMe controller, a MegaRAID HBA, xHCI, a network card, a display.
        #expect(DiskFamily.prefixes(modalias: "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02") == ["nvme"])
        #expect(DiskFamily.prefixes(modalias: "pci:v00001000d00000078sv00001000sd00000000bc01sc04i00") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "pci:v00001B36d0000000Dsv00001AF4sd00001100bc0Csc03i30") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00") == [])
        #expect(DiskFamily.prefixes(modalias: "pci:v00001234d00001111sv00001AF4sd00001100bc03sc00i00") == [])
        // An SD host controller (system peripheral) may bring mmcblk disks: unknown.
        #expect(DiskFamily.prefixes(modalias: "pci:v00001B36d00000007sv00001AF4sd00001100bc08sc05i01") == nil)
    }

    @Test func virtioScsiUsbAndOthers() {
        #expect(DiskFamily.prefixes(modalias: "virtio:d00000002v00001AF4") == ["vd"])
        #expect(DiskFamily.prefixes(modalias: "virtio:d00000008v00001AF4") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "virtio:d00000001v00001AF4") == [])
        #expect(DiskFamily.prefixes(modalias: "virtio:d00000010v00001AF4") == nil)
        #expect(DiskFamily.prefixes(modalias: "scsi:t-0x05") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "usb:v0781p5567d0100dc00dsc00dp00ic08isc06ip50in00") == ["sd", "sr"])
        #expect(DiskFamily.prefixes(modalias: "cpu:type:x86,ven0000fam0006mod003F:feature:,0000,0001") == [])
        #expect(DiskFamily.prefixes(modalias: "acpi:PNP0501:") == nil)
        #expect(DiskFamily.prefixes(modaliases: ["scsi:t-0x05", "pci:v00001B36d00000010sv00001AF4sd00001100bc01sc08i02"]) == ["sd", "sr", "nvme"])
        #expect(DiskFamily.prefixes(modaliases: ["scsi:t-0x05", "acpi:PNP0501:"]) == nil)
        #expect(DiskFamily.prefixes(modaliases: []) == [])
    }

    @Test func prefixesAfterANameInNaturalOrder() {
        #expect(DiskFamily.sortsAfter(prefix: "sd", name: "nvme0n1p2"))
        #expect(DiskFamily.sortsAfter(prefix: "vd", name: "sda1"))
        #expect(DiskFamily.sortsAfter(prefix: "sr", name: "sda1"))
        #expect(!DiskFamily.sortsAfter(prefix: "sd", name: "vda1"))
        #expect(!DiskFamily.sortsAfter(prefix: "nvme", name: "nvme1n1p1"))
        #expect(!DiskFamily.sortsAfter(prefix: "sd", name: "sda"))
        #expect(!DiskFamily.sortsAfter(prefix: "mmcblk", name: "nvme0n1"))
        // Each check agrees with the order BlockDevices uses.
        for (prefix, name) in [("sd", "nvme0n1p2"), ("vd", "sda1"), ("sr", "sda1")] {
            #expect(GrubDeviceNames.naturalOrder(name, prefix + "a"))
            #expect(GrubDeviceNames.naturalOrder(name, prefix + "0"))
        }
    }

    static func entry(_ title: String, volume: String) -> BootEntry {
        BootEntry(title: title, id: title.lowercased(), source: .grub, config: "/boot/grub/grub.cfg", line: 1,
                  configVolume: volume, fs: volume, kernel: "/boot/vmlinuz", initrds: [], cmdline: "")
    }

    let debian = Self.entry("Debian GNU/Linux", volume: "/dev/nvme0n1p2")

    func reason(_ entry: BootEntry?, menu: ConfigMenu = ConfigMenu(), glob: String? = nil, named: Bool = false,
                pending: [String]?) -> String? {
        DefaultFinality.reasonNotFinal(menu: menu, default: entry, defaultGlob: glob, loaderVariablesNameEntry: named,
                                       pendingPrefixes: pending)
    }

    @Test func finalWhenOnlyLaterDisksCanCome() {
        #expect(reason(debian, pending: ["sd", "sr"]) == nil)
        #expect(reason(debian, pending: []) == nil)
        #expect(reason(debian, glob: "Debian*", pending: ["sd"]) == nil)
    }

    @Test func notFinalWhenADiskMayComeBefore() {
        #expect(reason(debian, pending: ["nvme"]) != nil)
        #expect(reason(debian, pending: nil) != nil)
        #expect(reason(Self.entry("X", volume: "/dev/vda1"), pending: ["sd"]) != nil)
        #expect(reason(nil, pending: []) != nil)
    }

    @Test func notFinalWhenALaterDiskMayHoldTheRealDefault() {
        // swiftboot.default= matching nothing yet; loader variables naming an entry not found.
        #expect(reason(debian, glob: "Fedora*", pending: ["sd"]) != nil)
        #expect(reason(debian, named: true, pending: ["sd"]) != nil)
        var firmware = ConfigMenu(entries: [debian], defaultIndex: 0)
        firmware.firmwareDefault = true
        #expect(reason(debian, menu: firmware, named: true, pending: ["sd"]) == nil)
        // A config error on the default's volume (a GRUB search for a disk not there yet).
        let failed = ConfigMenu(errors: [ConfigError(volume: "/dev/nvme0n1p2", config: "/boot/grub/grub.cfg", line: 3,
                                                     message: "search: no such device: 1234")])
        #expect(reason(debian, menu: failed, pending: ["sd"]) != nil)
        #expect(reason(debian, pending: []) == nil)
    }

    @Test func reportLinesRoundTrip() {
        var bytes = Array((ColdplugReport.line(["sd", "sr"]) + ColdplugReport.line(["sd"]) + "pend").utf8)
        #expect(ColdplugReport.take(&bytes) == .some(["sd"]))
        #expect(bytes == Array("pend".utf8))
        #expect(ColdplugReport.take(&bytes) == nil)
        bytes += Array("ing ?\n".utf8)
        #expect(ColdplugReport.take(&bytes) == .some(nil))
        bytes = Array(ColdplugReport.line([]).utf8)
        #expect(ColdplugReport.take(&bytes) == .some([]))
    }

    @Test func diskDriversStartBeforeTheOthers() {
        let nic = ColdplugJob(alias: "pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00", modules: ["e1000e"])
        let ahci = ColdplugJob(alias: "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01", modules: ["ahci"])
        let unknown = ColdplugJob(alias: "acpi:PNP0501:", modules: ["x"])
        #expect(ColdplugJob.next([nic, ahci], running: []) == 1)
        #expect(ColdplugJob.next([nic], running: [ahci]) == nil)
        #expect(ColdplugJob.next([nic], running: []) == 0)
        #expect(ColdplugJob.next([nic, unknown], running: []) == 1)
        #expect(ColdplugJob.next([], running: [ahci]) == nil)
    }
}
