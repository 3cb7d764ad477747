import BootConfig

/// A stable identity for an entry across rescans: where it came from and what it is.
/// `ordinal` tells apart entries that are otherwise identical.
public struct EntryKey: Hashable, Sendable {
    public var volume: String
    public var config: String
    public var submenu: [String]
    public var id: String
    public var title: String
    public var ordinal: Int

    /// Keys for `entries`, in order.
    public static func keys(for entries: [BootEntry]) -> [EntryKey] {
        var seen: [EntryKey: Int] = [:]
        return entries.map { e in
            var k = EntryKey(volume: e.configVolume, config: e.config, submenu: e.submenu, id: e.id, title: e.title, ordinal: 0)
            let n = seen[k, default: 0]
            seen[k] = n + 1
            k.ordinal = n
            return k
        }
    }
}

/// A selectable row of a menu screen: an entry, or a submenu to open.
public enum MenuRow: Hashable, Sendable {
    case entry(EntryKey)
    /// `path` is the submenu titles from the top, the last one being this row's title.
    case submenu(volume: String, path: [String])
    /// A locked LUKS volume (its device node): Enter asks for the passphrase.
    case encrypted(String)
}

/// Which menu screen is shown: the top level (all devices), or one submenu of one device.
public struct MenuLevel: Hashable, Sendable {
    /// nil at the top level.
    public var volume: String?
    public var path: [String]

    public static let top = MenuLevel(volume: nil, path: [])

    public init(volume: String?, path: [String]) {
        self.volume = volume
        self.path = path
    }
}

/// One line of a menu screen's list.
public enum MenuLine: Hashable, Sendable {
    /// A device heading (top level only).
    case device(String)
    /// A device's notice (fetching, or why it has no entries): not selectable.
    case notice(String)
    case row(MenuRow)
}
