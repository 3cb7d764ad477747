/// The Boot Loader Interface variables (systemd's, vendor GUID
/// `4a67b082-0a4c-41cf-b6c7-440b29bb8c4f`) that steer the BLS menu, as read from the
/// firmware: plain strings, nil when the variable is not set.
public struct LoaderVariables: Sendable, Equatable {
    /// `LoaderEntryOneShot` (`bootctl set-oneshot`, `systemctl reboot --boot-loader-entry=`):
    /// the entry to boot this once.
    public var entryOneShot: String?
    /// `LoaderEntryDefault` (`bootctl set-default`): a glob over entry ids, or `@saved`.
    public var entryDefault: String?
    /// `LoaderEntryLastBooted`: the entry booted last, kept while `@saved` is in use.
    public var entryLastBooted: String?
    /// `LoaderConfigTimeout` (`bootctl set-timeout`).
    public var configTimeout: String?
    /// `LoaderConfigTimeoutOneShot` (`bootctl set-timeout-oneshot`, `systemctl reboot --boot-loader-menu=`).
    public var configTimeoutOneShot: String?

    public init(entryOneShot: String? = nil, entryDefault: String? = nil, entryLastBooted: String? = nil,
                configTimeout: String? = nil, configTimeoutOneShot: String? = nil) {
        self.entryOneShot = entryOneShot
        self.entryDefault = entryDefault
        self.entryLastBooted = entryLastBooted
        self.configTimeout = configTimeout
        self.configTimeoutOneShot = configTimeoutOneShot
    }

    /// The variable names swiftboot reads, in the order of the properties above.
    public static let readNames = ["LoaderEntryOneShot", "LoaderEntryDefault", "LoaderEntryLastBooted",
                                   "LoaderConfigTimeout", "LoaderConfigTimeoutOneShot"]

    /// Builds the value from `read(name)` for each of `readNames`.
    public init(reading read: (String) -> String?) {
        self.init(entryOneShot: read("LoaderEntryOneShot"), entryDefault: read("LoaderEntryDefault"),
                  entryLastBooted: read("LoaderEntryLastBooted"), configTimeout: read("LoaderConfigTimeout"),
                  configTimeoutOneShot: read("LoaderConfigTimeoutOneShot"))
    }

    /// `name=value` words for the variables that are set (for the log).
    public var summary: String {
        let pairs: [(String, String?)] = [
            ("LoaderEntryOneShot", entryOneShot), ("LoaderEntryDefault", entryDefault),
            ("LoaderEntryLastBooted", entryLastBooted), ("LoaderConfigTimeout", configTimeout),
            ("LoaderConfigTimeoutOneShot", configTimeoutOneShot),
        ]
        let set = pairs.compactMap { name, value in value.map { "\(name)=\($0)" } }
        return set.isEmpty ? "none set" : set.joined(separator: " ")
    }
}

/// The `LoaderFeatures` bits (Boot Loader Interface): what a loader honours. `bootctl`
/// reads them to know which requests it may make.
public struct LoaderFeatures: OptionSet, Sendable, Equatable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let configTimeout = LoaderFeatures(rawValue: 1 << 0)
    public static let configTimeoutOneShot = LoaderFeatures(rawValue: 1 << 1)
    public static let entryDefault = LoaderFeatures(rawValue: 1 << 2)
    public static let entryOneShot = LoaderFeatures(rawValue: 1 << 3)
    public static let bootCounting = LoaderFeatures(rawValue: 1 << 4)
    public static let xbootldr = LoaderFeatures(rawValue: 1 << 5)
    public static let randomSeed = LoaderFeatures(rawValue: 1 << 6)
    public static let loadDriver = LoaderFeatures(rawValue: 1 << 7)
    public static let sortKey = LoaderFeatures(rawValue: 1 << 8)
    public static let savedEntry = LoaderFeatures(rawValue: 1 << 9)
    public static let devicetree = LoaderFeatures(rawValue: 1 << 10)
    public static let menuDisable = LoaderFeatures(rawValue: 1 << 13)
    public static let type1UKI = LoaderFeatures(rawValue: 1 << 16)

    /// What swiftboot honours: the four variables above, boot counting, XBOOTLDR
    /// partitions, `sort-key`, `@saved` and type 1 entries with a `uki` key. Not random
    /// seeds, EFI drivers, `devicetree` (no device trees on x86 kexec) nor `menu-disabled`
    /// (a key still shows the menu).
    public static let honoured: LoaderFeatures = [
        .configTimeout, .configTimeoutOneShot, .entryDefault, .entryOneShot, .bootCounting,
        .xbootldr, .sortKey, .savedEntry, .type1UKI,
    ]
}
