import Testing
import BootConfig
@testable import LinuxSystem

@Suite struct InitPlanTests {
    @Test func printsTheMountsInOrder() {
        let lines = InitPlan.baseSystem().map(\.description)
        #expect(lines.first == "mount -t proc proc /proc -o nosuid,nodev,noexec")
        #expect(lines.contains("mount -t devtmpfs devtmpfs /dev -o nosuid,mode=0755"))
        #expect(lines.contains("mount -t tmpfs tmpfs /run -o nosuid,nodev,mode=0755"))
        #expect(lines.contains("mount -t tmpfs tmpfs /tmp -o nosuid,nodev,mode=1777"))
        #expect(lines.last == "mkdir /run/swiftboot/mnt (mode 755)")
    }

    @Test func securityfsIsMountedAfterSysfsForTheLockdownCheck() {
        let lines = InitPlan.baseSystem().map(\.description)
        let sys = lines.firstIndex { $0.hasPrefix("mount -t sysfs") }!
        let security = lines.firstIndex(of: "mount -t securityfs securityfs /sys/kernel/security -o nosuid,nodev,noexec")
        #expect(security.map { $0 > sys } == true)
    }

    @Test func devIsMountedBeforeTheConsoleIsOpenedAndPtsAfterDev() {
        let lines = InitPlan.baseSystem().map(\.description)
        let dev = lines.firstIndex { $0.hasPrefix("mount -t devtmpfs") }!
        let console = lines.firstIndex { $0.hasPrefix("open /dev/console") }!
        let pts = lines.firstIndex { $0.hasPrefix("mount -t devpts") }!
        #expect(dev < console)
        #expect(dev < pts)
    }

    @Test func configurationPrintsTermAndLoglevel() {
        let lines = InitPlan.configuration(KernelOptions.parse("console=ttyS0,115200 swiftboot.debug")).map(\.description)
        #expect(lines.contains("echo \"4 4 1 7\" > /proc/sys/kernel/printk"))
        #expect(lines.contains("export TERM=vt220"))
    }

    @Test(arguments: [
        ("console=tty0", "linux"),
        ("console=tty0 console=ttyS0,115200n8", "vt220"),
        ("console=ttyS0 console=tty1", "linux"),
        ("console=hvc0", "vt220"),
        ("console=ttyS0 TERM=xterm-256color", "xterm-256color"),
        ("quiet", "linux"),
    ])
    func terminalTypeFollowsTheLastConsole(cmdline: String, term: String) {
        #expect(InitPlan.terminalType(KernelOptions.parse(cmdline)) == term)
    }
}

@Suite struct InitPlanEFITests {
    @Test func efivarfsIsMountedWhereTheKernelExpectsIt() {
        #expect(InitPlan.efiVariables.description == "mount -t efivarfs efivarfs /sys/firmware/efi/efivars -o nosuid,nodev,noexec")
        #expect(InitPlan.steps(KernelOptions.parse("")).last?.description == InitPlan.efiVariables.description)
    }
}
