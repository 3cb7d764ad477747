/// How systemd-boot combines `loader.conf` with the Boot Loader Interface variables, as
/// pure functions of plain values (the variables come in as `LoaderVariables`).
///
/// - Default: `LoaderEntryOneShot`, else `LoaderEntryDefault` (`@saved` there means
///   `LoaderEntryLastBooted`), else `loader.conf`'s `default` (`@saved` likewise), else
///   the first entry. Each is a glob over the lower-cased entry ids; one that matches
///   nothing falls through to the next.
/// - Timeout: `LoaderConfigTimeoutOneShot` over `LoaderConfigTimeout` over `loader.conf`.
///   The one-shot timeout also forces the menu: its 0 (or `menu-hidden`) waits.
public enum LoaderInterface {
    /// Where the default came from.
    public enum DefaultSource: Sendable, Equatable {
        case oneShot
        case variable
        case loaderConf
    }

    /// The index into `ids` (menu order; `id` without and `suffix` with `.conf`/`.efi`)
    /// of the default, and where it came from; nil when nothing named one that exists.
    public static func defaultEntry(conf: LoaderConf?, variables: LoaderVariables?,
                                    ids: [(id: String, suffix: String)]) -> (index: Int, source: DefaultSource)? {
        func find(_ pattern: String?) -> Int? {
            guard let pattern, !pattern.isEmpty else { return nil }
            return BLSSource.defaultIndex(pattern: pattern, ids: ids)
        }
        if let i = find(variables?.entryOneShot) { return (i, .oneShot) }
        let savedByVariable = isSaved(variables?.entryDefault)
        if let i = find(savedByVariable ? variables?.entryLastBooted : variables?.entryDefault) {
            return (i, .variable)
        }
        if isSaved(conf?.defaultPattern) {
            // Looked up above already when the variable asked for @saved too.
            if !savedByVariable, let i = find(variables?.entryLastBooted) { return (i, .loaderConf) }
        } else if let i = find(conf?.defaultPattern) {
            return (i, .loaderConf)
        }
        return nil
    }

    /// The menu timeout in swiftboot's terms (seconds, 0 boots at once, nil waits).
    public static func timeout(conf: LoaderConf?, variables: LoaderVariables?) -> Int? {
        if let oneShot = variables?.configTimeoutOneShot.flatMap(LoaderConf.Timeout.init(variable:)) {
            switch oneShot {
            case .seconds(0), .menuHidden, .menuForce: return nil
            case .seconds(let n): return n
            case .menuDisabled: return 0
            }
        }
        if let timeout = variables?.configTimeout.flatMap(LoaderConf.Timeout.init(variable:)) {
            return LoaderConf.menuTimeout(timeout)
        }
        return (conf ?? LoaderConf(text: "")).menuTimeout
    }

    /// The variable updates booting the entry `ids[index]` makes, as systemd-boot makes
    /// them: `LoaderEntrySelected`, the list of entries, the one-shot variables consumed,
    /// and `LoaderEntryLastBooted` set while `@saved` is in use (deleted otherwise,
    /// untouched by a one-shot boot).
    public static func bootRecord(booting index: Int, ids: [(id: String, suffix: String)], conf: LoaderConf?,
                                  variables: LoaderVariables) -> LoaderBootRecord {
        let names = ids.map(loaderID)
        let selected = names[index]
        let bootedOneShot = variables.entryOneShot.map { !$0.isEmpty && BLSSource.defaultIndex(pattern: $0, ids: [ids[index]]) != nil } ?? false
        var lastBooted = LoaderBootRecord.LastBooted.keep
        if !bootedOneShot {
            let savedByVariable = isSaved(variables.entryDefault)
            if savedByVariable || (variables.entryDefault == nil && isSaved(conf?.defaultPattern)) {
                if variables.entryLastBooted != selected { lastBooted = .set(selected) }
            } else if variables.entryLastBooted != nil {
                lastBooted = .delete
            }
        }
        return LoaderBootRecord(selected: selected, entries: names, deleteOneShot: variables.entryOneShot != nil,
                                deleteTimeoutOneShot: variables.configTimeoutOneShot != nil, lastBooted: lastBooted)
    }

    /// The id systemd-boot reports: the file name without boot counter, lower-cased.
    public static func loaderID(_ item: (id: String, suffix: String)) -> String {
        (item.id + item.suffix).lowercased()
    }

    static func isSaved(_ pattern: String?) -> Bool { pattern?.lowercased() == "@saved" }
}

/// What booting a BLS entry writes to the Boot Loader Interface variables.
public struct LoaderBootRecord: Sendable, Equatable {
    /// What happens to `LoaderEntryLastBooted`.
    public enum LastBooted: Sendable, Equatable {
        case keep
        case set(String)
        case delete
    }

    /// `LoaderEntrySelected`: the id of the entry booted.
    public var selected: String
    /// `LoaderEntries`: the ids of every entry of the loader's menu, in menu order.
    public var entries: [String]
    /// Whether `LoaderEntryOneShot` is set, and so consumed by this boot.
    public var deleteOneShot: Bool
    /// Whether `LoaderConfigTimeoutOneShot` is set, and so consumed by this boot.
    public var deleteTimeoutOneShot: Bool
    public var lastBooted: LastBooted

    public init(selected: String, entries: [String], deleteOneShot: Bool, deleteTimeoutOneShot: Bool,
                lastBooted: LastBooted) {
        self.selected = selected
        self.entries = entries
        self.deleteOneShot = deleteOneShot
        self.deleteTimeoutOneShot = deleteTimeoutOneShot
        self.lastBooted = lastBooted
    }

    /// A variable value, before it is encoded for the firmware.
    public enum Value: Sendable, Equatable {
        /// A UTF-16 string.
        case text(String)
        /// UTF-16 strings, each NUL-terminated.
        case list([String])
        /// A 64-bit little-endian number.
        case bits(UInt64)
    }

    /// Every variable to write (a value) or delete (nil), in order. `info` is
    /// `LoaderInfo`; the times are `LoaderTimeInitUSec`/`LoaderTimeExecUSec`.
    public func updates(info: String, initMicroseconds: UInt64, execMicroseconds: UInt64) -> [(name: String, value: Value?)] {
        var out: [(name: String, value: Value?)] = [
            ("LoaderInfo", .text(info)),
            ("LoaderFeatures", .bits(LoaderFeatures.honoured.rawValue)),
            ("LoaderEntries", .list(entries)),
            ("LoaderEntrySelected", .text(selected)),
        ]
        if deleteOneShot { out.append(("LoaderEntryOneShot", nil)) }
        if deleteTimeoutOneShot { out.append(("LoaderConfigTimeoutOneShot", nil)) }
        switch lastBooted {
        case .keep: break
        case .set(let id): out.append(("LoaderEntryLastBooted", .text(id)))
        case .delete: out.append(("LoaderEntryLastBooted", nil))
        }
        out.append(("LoaderTimeInitUSec", .text(String(initMicroseconds))))
        out.append(("LoaderTimeExecUSec", .text(String(execMicroseconds))))
        return out
    }
}

extension LoaderConf.Timeout {
    /// A `LoaderConfigTimeout`/`LoaderConfigTimeoutOneShot` value: seconds (as `bootctl`
    /// writes them, 4294967295 and more meaning `menu-force`), or `menu-force`,
    /// `menu-hidden`, `menu-disabled`. Nil for anything else.
    public init?(variable text: String) {
        switch text {
        case "menu-force": self = .menuForce
        case "menu-hidden": self = .menuHidden
        case "menu-disabled": self = .menuDisabled
        default:
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            guard let n = UInt64(text), n < UInt64(UInt32.max) else {
                self = .menuForce
                return
            }
            self = .seconds(Int(n))
        }
    }
}
