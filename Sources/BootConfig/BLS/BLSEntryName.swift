/// A BLS entry file name, `NAME[+LEFT[-DONE]].conf`, with its boot counter.
public struct BLSEntryName: Sendable, Equatable {
    /// The boot-counting suffix: tries left and tries done, with the digit widths as
    /// written (the spec asks renames to keep them).
    public struct Counter: Sendable, Equatable {
        public var left: Int
        public var done: Int
        var leftWidth: Int
        /// nil when the name has no `-DONE` part.
        var doneWidth: Int?

        /// No tries left: the entry is "bad" (still bootable, sorted last).
        public var isBad: Bool { left == 0 }
    }

    /// The whole file name, e.g. `fedora-6.8.5+3-1.conf`.
    public var fileName: String
    /// The entry id: the name without the counter and without the suffix.
    public var id: String
    public var counter: Counter?
    /// The suffix, `.conf` (type 1) or `.efi` (type 2).
    public var suffix: String

    /// Parses a file name ending in `suffix`; nil when it does not end so.
    public init?(fileName: String, suffix: String = ".conf") {
        guard fileName.hasSuffix(suffix), fileName.count > suffix.count else { return nil }
        self.fileName = fileName
        self.suffix = suffix
        let stem = String(fileName.dropLast(suffix.count))
        self.id = stem
        self.counter = nil
        // systemd-boot looks at the last `+`; the digits must run to the suffix.
        guard let plus = stem.lastIndex(of: "+") else { return }
        let tail = stem[stem.index(after: plus)...]
        let parts = tail.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ s: Substring) -> Int? {
            guard !s.isEmpty, s.count <= 9, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(s)
        }
        guard let left = digits(parts[0]) else { return }
        var done = 0
        var doneWidth: Int?
        if parts.count == 2 {
            guard let d = digits(parts[1]) else { return }
            done = d
            doneWidth = parts[1].count
        }
        self.id = String(stem[..<plus])
        self.counter = Counter(left: left, done: done, leftWidth: parts[0].count, doneWidth: doneWidth)
    }

    /// The name after one more boot attempt (`+LEFT-1` and `-DONE+1`, widths kept,
    /// DONE capped at its width); nil when the entry does not count boots or has no
    /// tries left (then nothing is renamed).
    public var nameAfterBootAttempt: String? {
        guard let c = counter, c.left > 0 else { return nil }
        let width = c.doneWidth ?? 1
        var done = c.done + 1
        if c.doneWidth != nil {
            var limit = 1
            for _ in 0..<width { limit *= 10 }
            done = min(done, limit - 1)
        }
        return "\(id)+\(Self.padded(c.left - 1, c.leftWidth))-\(Self.padded(done, width))\(suffix)"
    }

    private static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
