/// One filesystem that discovery found (or the CLI was given), with its identity.
///
/// Identity fields are what GRUB `search`, `root=UUID=` and BLS/XBOOTLDR rules need.
public struct Volume: Sendable {
    /// The name this filesystem is reported under: the `fs` of `entries --json`
    /// (the PATH as given on the host, the device node such as `/dev/sda2` as PID 1).
    public var name: String
    /// Filesystem UUID as blkid reports it (FAT serials look like `F2A2-96BA`).
    public var uuid: String?
    /// Filesystem label.
    public var label: String?
    /// GPT partition UUID or MBR `xxxxxxxx-NN` id.
    public var partUUID: String?
    /// GPT partition name.
    public var partLabel: String?
    /// GPT partition type GUID, or MBR type as `0xNN`.
    public var partType: String?
    /// Filesystem type (`ext4`, `vfat`, `iso9660`, `btrfs`, `xfs`, ...).
    public var fsType: String?
    /// Block device node, when there is one (`/dev/vda2`).
    public var device: String?
    /// GRUB's name for this device without parentheses, e.g. `hd0,gpt2` or `hd1`.
    public var grubDevice: String
    /// The files.
    public var tree: any FileTree
    /// The host directory the tree is rooted at (a mount point), when it has one.
    public var root: String?
    /// The device's raw bytes, where they can be read (GRUB block lists).
    public var blocks: (any BlockSource)?

    public init(name: String, tree: any FileTree, uuid: String? = nil, label: String? = nil,
                partUUID: String? = nil, partLabel: String? = nil, partType: String? = nil,
                fsType: String? = nil, device: String? = nil, grubDevice: String, root: String? = nil,
                blocks: (any BlockSource)? = nil) {
        self.name = name
        self.tree = tree
        self.uuid = uuid
        self.label = label
        self.partUUID = partUUID
        self.partLabel = partLabel
        self.partType = partType
        self.fsType = fsType
        self.device = device
        self.grubDevice = grubDevice
        self.root = root
        self.blocks = blocks
    }

    /// Whether this is an XBOOTLDR partition (GPT type or MBR type 0xea).
    public var isXBootLdr: Bool {
        guard let t = partType?.lowercased() else { return false }
        return t == "bc13c2ff-59e6-4262-a352-b275fd6f7172" || t == "0xea"
    }
}
