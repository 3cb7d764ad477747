import LinuxSystem

/// How a filesystem type is mounted read-only without writing to it.
public struct MountChoice: Sendable, Equatable {
    /// The type passed to mount(2).
    public var type: String
    /// Filesystem options: `noload` keeps ext3/4 from replaying the journal, `norecovery`
    /// the same for xfs, `rescue=nologreplay` (`nologreplay` before Linux 5.9) keeps btrfs
    /// from replaying a log tree left by a crash (a read-only mount writes otherwise).
    public var options: String?

    public init(type: String, options: String? = nil) {
        self.type = type
        self.options = options
    }

    public var flags: MountFlags { [.readOnly, .noSetUID, .noDevices, .noExecute] }

    /// The attempts to make for a filesystem blkid reported as `fsType`, best first;
    /// empty when swiftboot does not mount that type (swap, LVM, LUKS, ...).
    public static func attempts(for fsType: String) -> [MountChoice] {
        switch fsType {
        case "ext4", "ext3":
            return [MountChoice(type: fsType, options: "noload")]
        case "ext2":
            // ext2 has no journal; kernels without the ext2 driver mount it with ext4's.
            return [MountChoice(type: "ext2"), MountChoice(type: "ext4", options: "noload")]
        case "xfs":
            return [MountChoice(type: "xfs", options: "norecovery")]
        case "btrfs":
            // No plain attempt: a read-only btrfs mount replays the log tree.
            return [MountChoice(type: "btrfs", options: "rescue=nologreplay"),
                    MountChoice(type: "btrfs", options: "nologreplay")]
        case "vfat", "iso9660":
            return [MountChoice(type: fsType)]
        default:
            return []
        }
    }

    /// A description like `ext4 ro,noload` for logs.
    public var description: String { "\(type) ro" + (options.map { "," + $0 } ?? "") }
}
