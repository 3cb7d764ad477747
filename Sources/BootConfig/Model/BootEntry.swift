/// Which kind of configuration produced an entry.
public enum BootSource: String, Sendable, Equatable {
    case grub
    case syslinux
    case bls
    case uki
    /// A boot file from the network that is itself a kernel (DHCP option 67).
    case netboot
    /// An iPXE script.
    case ipxe
}

/// What choosing an entry does.
public enum BootEntryKind: Sendable, Equatable {
    /// Load the entry's kernel (the normal case).
    case kernel
    /// Leave this (network) menu for the local disks' entries: pxelinux `LOCALBOOT`,
    /// which on a PC hands the boot back to the BIOS's next device. The entry has no kernel.
    case localBoot
}

/// How the kernel file is to be handed to kexec.
public enum KernelFormat: Sendable, Equatable {
    /// A Linux kernel image (bzImage, Image, possibly gzip-compressed).
    case linux
    /// A Unified Kernel Image: kernel, initrd and cmdline are sections of this PE file.
    case uki
}

/// A change to a disk that booting an entry must make, as its own bootloader would.
public enum BootWrite: Sendable, Equatable {
    /// Rewrite a GRUB environment block in place with these variables (1024 bytes,
    /// same size: only the block's sectors change); a nil value deletes the variable.
    /// `path` is a file, or a GRUB block list (`512+1`: sectors of the volume's device).
    case grubenv(volume: String, path: String, variables: [(String, String?)])
    /// Rename a BLS entry file to count one boot attempt.
    case renameEntry(volume: String, from: String, to: String)
    /// Record the boot in the Boot Loader Interface EFI variables (BLS entries, when
    /// the firmware has them).
    case loaderVariables(LoaderBootRecord)

    /// `name=value` words, `unset name` for a deletion.
    public static func describe(_ variables: [(String, String?)]) -> String {
        variables.map { name, value in value.map { "\(name)=\($0)" } ?? "unset \(name)" }.joined(separator: " ")
    }

    public static func == (a: BootWrite, b: BootWrite) -> Bool {
        switch (a, b) {
        case let (.grubenv(v1, p1, x1), .grubenv(v2, p2, x2)):
            return v1 == v2 && p1 == p2 && x1.map { $0.0 } == x2.map { $0.0 } && x1.map { $0.1 } == x2.map { $0.1 }
        case let (.renameEntry(v1, f1, t1), .renameEntry(v2, f2, t2)):
            return v1 == v2 && f1 == f2 && t1 == t2
        case let (.loaderVariables(r1), .loaderVariables(r2)):
            return r1 == r2
        default:
            return false
        }
    }
}

/// One bootable menu entry: everything needed to show it and to kexec it.
public struct BootEntry: Sendable, Equatable {
    /// The title shown in the menu.
    public var title: String
    /// A stable id: GRUB `--id`, BLS file name without `.conf`, syslinux label.
    public var id: String
    public var source: BootSource
    /// The config file the entry came from (absolute inside `configVolume`).
    public var config: String
    /// 1-based line of the entry in `config`, when known.
    public var line: Int?
    /// The volume name holding `config`.
    public var configVolume: String
    /// The volume name holding the kernel, initrds and devicetree.
    public var fs: String
    /// Titles of the submenus above this entry, outermost first.
    public var submenu: [String]
    /// Absolute path of the kernel inside `fs`.
    public var kernel: String
    public var kernelFormat: KernelFormat
    /// Absolute paths of the initrds inside `fs`, in load order.
    public var initrds: [String]
    /// Exactly what the target kernel will see in /proc/cmdline (with BOOT_IMAGE= where
    /// the original loader adds it).
    public var cmdline: String
    /// Absolute path of a device tree inside `fs`, if any.
    public var devicetree: String?
    /// Whether this is the default entry of its menu.
    public var isDefault: Bool
    /// A key that selects this entry directly (GRUB `--hotkey`, syslinux `^x`).
    public var hotkey: Character?
    /// Entries that will not boot (e.g. BLS entries with no tries left) sort last and are marked.
    public var isBad: Bool
    /// Disk writes to make when (and only when) this entry is booted.
    public var writes: [BootWrite]
    /// What choosing the entry does; `.localBoot` entries have an empty `kernel`.
    public var kind: BootEntryKind
    /// Authentications booting the entry needs, each in turn (GRUB `superusers` with
    /// `--users`, enclosing submenus first); empty: anyone may boot it.
    public var access: [AccessCheck] = []
    /// Authentications editing the entry needs (a superuser of its GRUB config).
    public var editAccess: [AccessCheck] = []

    public init(title: String, id: String, source: BootSource, config: String, line: Int? = nil,
                configVolume: String, fs: String, submenu: [String] = [], kernel: String,
                kernelFormat: KernelFormat = .linux, initrds: [String] = [], cmdline: String = "",
                devicetree: String? = nil, isDefault: Bool = false, hotkey: Character? = nil,
                isBad: Bool = false, writes: [BootWrite] = [], kind: BootEntryKind = .kernel) {
        self.title = title
        self.id = id
        self.source = source
        self.config = config
        self.line = line
        self.configVolume = configVolume
        self.fs = fs
        self.submenu = submenu
        self.kernel = kernel
        self.kernelFormat = kernelFormat
        self.initrds = initrds
        self.cmdline = cmdline
        self.devicetree = devicetree
        self.isDefault = isDefault
        self.hotkey = hotkey
        self.isBad = isBad
        self.writes = writes
        self.kind = kind
    }
}

/// A problem found while reading a config: reported, never fatal.
public struct ConfigError: Sendable, Equatable, CustomStringConvertible {
    /// Volume name holding the config.
    public var volume: String
    /// The config file, absolute inside the volume.
    public var config: String
    /// 1-based line, when known.
    public var line: Int?
    public var message: String

    public init(volume: String, config: String, line: Int?, message: String) {
        self.volume = volume
        self.config = config
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(volume):\(config):\(line): \(message)" }
        return "\(volume):\(config): \(message)"
    }
}

/// The menu one config (or one config source on one filesystem) yields.
public struct ConfigMenu: Sendable, Equatable {
    /// Entries in menu order, submenus flattened in place.
    public var entries: [BootEntry]
    /// Index into `entries` of the default, if any.
    public var defaultIndex: Int?
    /// Indices into `entries` to try in turn when the default, booted by the countdown,
    /// fails to load (GRUB `fallback`).
    public var fallbackIndices: [Int]
    /// Seconds; nil waits forever; 0 boots the default at once.
    public var timeout: Int?
    /// GRUB `timeout_style=hidden`: show the menu only when a key is pressed.
    public var hiddenMenu: Bool
    public var errors: [ConfigError]
    /// Names of volumes whose BLS entries this menu already shows (GRUB `blscfg`), so
    /// the plain BLS source skips them and each OS appears once.
    public var blsVolumesShown: Set<String>
    /// Whether the default was asked for through the Boot Loader Interface variables
    /// (`LoaderEntryOneShot`, `LoaderEntryDefault`): it then wins over other configs' defaults.
    public var firmwareDefault: Bool = false

    public init(entries: [BootEntry] = [], defaultIndex: Int? = nil, fallbackIndices: [Int] = [],
                timeout: Int? = nil, hiddenMenu: Bool = false, errors: [ConfigError] = [],
                blsVolumesShown: Set<String> = []) {
        self.entries = entries
        self.defaultIndex = defaultIndex
        self.fallbackIndices = fallbackIndices
        self.timeout = timeout
        self.hiddenMenu = hiddenMenu
        self.errors = errors
        self.blsVolumesShown = blsVolumesShown
    }
}
