import Testing
import LinuxSystem
@testable import Devices

@Suite struct MountChoiceTests {
    @Test func journaledExtIsMountedWithoutReplay() {
        #expect(MountChoice.attempts(for: "ext4") == [MountChoice(type: "ext4", options: "noload")])
        #expect(MountChoice.attempts(for: "ext3") == [MountChoice(type: "ext3", options: "noload")])
    }

    @Test func ext2FallsBackToTheExt4Driver() {
        #expect(MountChoice.attempts(for: "ext2").map(\.type) == ["ext2", "ext4"])
    }

    @Test func xfsIsMountedWithoutRecovery() {
        #expect(MountChoice.attempts(for: "xfs") == [MountChoice(type: "xfs", options: "norecovery")])
    }

    @Test func btrfsIsMountedWithoutLogReplay() {
        #expect(MountChoice.attempts(for: "btrfs") == [MountChoice(type: "btrfs", options: "rescue=nologreplay"),
                                                       MountChoice(type: "btrfs", options: "nologreplay")])
    }

    @Test(arguments: ["vfat", "iso9660"])
    func plainReadOnly(type: String) {
        #expect(MountChoice.attempts(for: type) == [MountChoice(type: type)])
    }

    @Test(arguments: ["swap", "LVM2_member", "crypto_LUKS", "linux_raid_member"])
    func notMounted(type: String) {
        #expect(MountChoice.attempts(for: type).isEmpty)
    }

    @Test func alwaysReadOnly() {
        #expect(MountChoice(type: "ext4").flags.contains(.readOnly))
        #expect(MountChoice(type: "xfs", options: "norecovery").description == "xfs ro,norecovery")
    }
}
