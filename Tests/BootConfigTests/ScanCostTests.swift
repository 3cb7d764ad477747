import Synchronization
import Testing
@testable import BootConfig

/// How much a scan reads: each volume's config places are looked up a bounded number of
/// times, whatever the number of volumes (the ESP-stub check once ran every ESP config
/// once per volume with a grub.cfg, N² lookups).
@Suite struct ScanCostTests {
    /// A MemoryTree that counts every lookup made through it.
    final class CountingTree: FileTree, Sendable {
        let tree: MemoryTree
        let lookups = Atomic<Int>(0)
        init(_ files: [String: String]) { tree = MemoryTree(files) }
        func read(_ path: String) throws(FileTreeError) -> [UInt8] {
            lookups.add(1, ordering: .relaxed)
            return try tree.read(path)
        }
        func list(_ path: String) throws(FileTreeError) -> [String] {
            lookups.add(1, ordering: .relaxed)
            return try tree.list(path)
        }
        func kind(_ path: String) -> FileKind? {
            lookups.add(1, ordering: .relaxed)
            return tree.kind(path)
        }
    }

    static func grubVolume(_ n: Int) -> (Volume, CountingTree) {
        let tree = CountingTree([
            "/boot/grub/grub.cfg": "menuentry 'os\(n)' {\n linux /vmlinuz\n}\n",
            "/vmlinuz": "k",
        ])
        return (Volume(name: "v\(n)", tree: tree, grubDevice: "hd\(n)"), tree)
    }

    /// Lookups per volume with `count` GRUB volumes and one ESP whose stub hands over
    /// to the first volume's grub.cfg.
    static func lookupsPerVolume(_ count: Int) -> (perVolume: Int, entries: [String]) {
        let disks = (0..<count).map(grubVolume)
        let espTree = CountingTree([
            "/EFI/debian/grub.cfg": "search --no-floppy --fs-uuid --set=root u0\nset prefix=($root)/boot/grub\nconfigfile $prefix/grub.cfg\n",
        ])
        let esp = Volume(name: "esp", tree: espTree, uuid: "e", fsType: "vfat", grubDevice: "hd\(count),gpt1")
        var volumes = disks.map(\.0)
        volumes[0].uuid = "u0"
        let menu = Scanner.scan(ScanContext(volumes: [esp] + volumes))
        let most = disks.map { $0.1.lookups.load(ordering: .relaxed) }.max() ?? 0
        return (most, menu.entries.map(\.title))
    }

    @Test func lookupsPerVolumeDoNotGrowWithTheNumberOfVolumes() {
        let few = Self.lookupsPerVolume(4)
        let many = Self.lookupsPerVolume(40)
        #expect(many.perVolume == few.perVolume)
        // The stub still hides nothing but shows the first volume's menu once, through the ESP.
        #expect(many.entries.count == 40)
        #expect(many.entries.filter { $0 == "os0" }.count == 1)
    }
}
