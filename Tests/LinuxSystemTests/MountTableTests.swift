import Testing
@testable import LinuxSystem

@Suite struct MountTableTests {
    @Test func parsesFieldsAndOctalEscapes() {
        let text = """
        proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
        /dev/vda2 /run/swiftboot/mnt/my\\040disk ext4 ro,relatime,norecovery 0 0

        """
        let table = MountEntry.parseTable(text)
        #expect(table.count == 2)
        #expect(table[1] == MountEntry(source: "/dev/vda2", target: "/run/swiftboot/mnt/my disk", type: "ext4",
                                       options: ["ro", "relatime", "norecovery"]))
    }
}
