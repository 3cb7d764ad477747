import LinuxSystem

/// The mounts the hand-off takes down, in order.
public enum MountTable {
    /// Mount points at or under `prefix`, deepest first; of mounts stacked on one
    /// point, the last mounted first.
    public static func unmountOrder(_ entries: [MountEntry], under prefix: String) -> [String] {
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        let points = entries.map(\.target).enumerated().filter { $0.element == base || $0.element.hasPrefix(base + "/") }
        return points.sorted { a, b in
            let da = a.element.split(separator: "/").count, db = b.element.split(separator: "/").count
            return da != db ? da > db : a.offset > b.offset
        }.map { $0.element }
    }
}
