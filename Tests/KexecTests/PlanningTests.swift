import BootConfig
import LinuxSystem
import Testing
@testable import Kexec

@Suite struct InitrdLayoutTests {
    @Test func eachPartIsPaddedToFourBytes() {
        let l = InitrdLayout.offsets(sizes: [5, 8, 3])
        #expect(l.offsets == [0, 8, 16])
        #expect(l.total == 20)
    }

    @Test func x86FileLoadKeeps30BytesForElfcorehdr() {
        #expect(CommandLineLimit.maximum(cmdlineSize: 2047, method: .file) == 2016)
        #expect(CommandLineLimit.maximum(cmdlineSize: 2047, method: .segments) == 2047)
        #expect(CommandLineLimit.maximum(cmdlineSize: nil, method: .file) == nil)
    }
}

@Suite struct ChainPlanTests {
    let entry = BootEntry(title: "swiftboot-chain", id: "swiftboot-chain", source: .syslinux,
                          config: "/extlinux/extlinux.conf", configVolume: "/dev/vda", fs: "/dev/vda",
                          kernel: "/vmlinuz", initrds: ["/initramfs.img"],
                          cmdline: "console=ttyS0 swiftboot.chain=9 quiet")

    @Test func decrementsTheCounterInTheEntryCommandLine() throws {
        let plan = try #require(ChainPlan.next(options: KernelOptions.parse("swiftboot.chain=4"), entries: [entry]))
        #expect(plan.cmdline == "console=ttyS0 quiet swiftboot.chain=3")
        #expect(plan.kernel == "/vmlinuz" && plan.initrds == ["/initramfs.img"])
    }

    @Test func stopsAtZero() {
        #expect(ChainPlan.next(options: KernelOptions.parse("swiftboot.chain=0"), entries: [entry]) == nil)
        #expect(ChainPlan.next(options: KernelOptions.parse("quiet"), entries: [entry]) == nil)
    }

    @Test func needsTheLabelledEntry() {
        var other = entry
        other.id = "debian"
        other.title = "Debian"
        #expect(ChainPlan.next(options: KernelOptions.parse("swiftboot.chain=2"), entries: [other]) == nil)
    }

    @Test func carriesMethodAndResetDevices() throws {
        let o = KernelOptions.parse("swiftboot.chain=1 swiftboot.kexec=segments swiftboot.reset_devices")
        let plan = try #require(ChainPlan.next(options: o, entries: [entry]))
        #expect(plan.method == .segments)
        #expect(plan.cmdline == "console=ttyS0 quiet swiftboot.chain=0 reset_devices")
    }

    @Test func appendsTheCounterWhenMissing() {
        #expect(ChainPlan.rewrite("ro", remaining: 7) == "ro swiftboot.chain=7")
    }
}

@Suite struct MountTableTests {
    let mounts = MountEntry.parseTable("""
    rootfs / rootfs rw 0 0
    proc /proc proc rw 0 0
    tmpfs /run tmpfs rw 0 0
    /dev/vda1 /run/swiftboot/mnt/vda1 ext4 ro,noload 0 0
    /dev/loop0 /run/swiftboot/mnt/vda1/iso iso9660 ro 0 0
    /dev/vdb1 /run/swiftboot/mnt/vdb1 vfat ro 0 0
    /dev/vdb2 /run/swiftboot/mnt/vdb\\0402 ext4 ro 0 0
    /dev/vdc1 /run/swiftboot/mnt/vdb1 ext4 ro 0 0
    """)

    @Test func deepestFirstAndOnlyUnderTheRoot() {
        let order = MountTable.unmountOrder(mounts, under: "/run/swiftboot")
        #expect(order.first == "/run/swiftboot/mnt/vda1/iso")
        #expect(!order.contains("/run") && !order.contains("/proc"))
        #expect(order.count == 5)
        #expect(order.contains("/run/swiftboot/mnt/vdb 2"))
    }

    @Test func stackedMountsComeOffLastFirst() {
        let order = MountTable.unmountOrder(mounts, under: "/run/swiftboot/")
        let stacked = order.enumerated().filter { $0.element == "/run/swiftboot/mnt/vdb1" }.map(\.offset)
        #expect(stacked.count == 2)
        let vda1 = order.firstIndex(of: "/run/swiftboot/mnt/vda1")!
        #expect(vda1 > 0)
    }
}
