/// The Boot Loader Specification's entry order (as systemd-boot's `boot_entry_compare`).
public enum BLSOrder {
    /// The values the order looks at, for type 1 and type 2 entries alike.
    public struct Key: Sendable, Equatable {
        public var id: String
        public var sortKey: String?
        public var machineID: String?
        public var version: String?
        public var counter: BLSEntryName.Counter?

        public init(id: String, sortKey: String?, machineID: String?, version: String?,
                    counter: BLSEntryName.Counter?) {
            self.id = id
            self.sortKey = sortKey
            self.machineID = machineID
            self.version = version
            self.counter = counter
        }
    }

    /// Whether `a` comes before `b` in the menu.
    public static func precedes(_ a: Key, _ b: Key) -> Bool {
        compare(a, b) < 0
    }

    /// Negative when `a` comes first, positive when `b` does, 0 for a tie.
    public static func compare(_ a: Key, _ b: Key) -> Int {
        // 1. Entries with no tries left go last.
        let badA = a.counter?.isBad ?? false, badB = b.counter?.isBad ?? false
        if badA != badB { return badA ? 1 : -1 }
        // 2. Entries with a sort-key before those without.
        let keyA = nonEmpty(a.sortKey), keyB = nonEmpty(b.sortKey)
        if (keyA == nil) != (keyB == nil) { return keyA != nil ? -1 : 1 }
        if let ka = keyA, let kb = keyB {
            // 3. sort-key, machine-id ascending; version descending.
            if ka != kb { return ka < kb ? -1 : 1 }
            let ma = a.machineID ?? "", mb = b.machineID ?? ""
            if ma != mb { return ma < mb ? -1 : 1 }
            let v = VersionCompare.compare(a.version ?? "", b.version ?? "")
            if v != 0 { return -v }
        }
        // 4. File names (without the counter), newest version first.
        let n = VersionCompare.compare(a.id.lowercased(), b.id.lowercased())
        if n != 0 { return -n }
        // 5. More tries left first, then fewer tries done.
        let leftA = a.counter?.left ?? Int.max, leftB = b.counter?.left ?? Int.max
        if leftA != leftB { return leftA > leftB ? -1 : 1 }
        let doneA = a.counter?.done ?? 0, doneB = b.counter?.done ?? 0
        if doneA != doneB { return doneA < doneB ? -1 : 1 }
        return 0
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    /// systemd-boot's unique titles: where titles collide, add the version, then the
    /// first 8 characters of the machine-id, then the id, until they differ.
    public static func uniqueTitles(_ items: [(title: String, version: String?, machineID: String?, id: String)]) -> [String] {
        var titles = items.map(\.title)
        func duplicates() -> Set<Int> {
            var seen: [String: [Int]] = [:]
            for (i, t) in titles.enumerated() { seen[t, default: []].append(i) }
            return Set(seen.values.filter { $0.count > 1 }.flatMap { $0 })
        }
        for i in duplicates() {
            if let v = items[i].version, !v.isEmpty { titles[i] += " (\(v))" }
        }
        for i in duplicates() {
            if let m = items[i].machineID, !m.isEmpty { titles[i] += " (\(m.prefix(8)))" }
        }
        for i in duplicates() {
            titles[i] += " (\(items[i].id))"
        }
        return titles
    }
}
