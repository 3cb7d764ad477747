/// Shell-style glob matching (`*`, `?`, `[...]` with ranges and `!`/`^` negation), as
/// fnmatch(3) without flags. Used for loader.conf `default`, `swiftboot.default` and
/// modules.alias patterns.
public enum Glob {
    /// Whether `text` matches `pattern` as a whole.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        match(Array(pattern.unicodeScalars.lazy.map(\.value)), Array(text.unicodeScalars.lazy.map(\.value)))
    }

    /// `matches(_:_:)` on bytes (a pattern and text known to be ASCII, such as
    /// modules.alias lines and modaliases: no Unicode decoding per call).
    public static func matches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        match(pattern, text)
    }

    /// The glob on code units (scalar values or bytes: the same rules).
    @inline(__always)
    private static func match<Unit: FixedWidthInteger>(_ p: [Unit], _ t: [Unit]) -> Bool {
        let star = Unit(42), question = Unit(63), open = Unit(91), backslash = Unit(92)
        var pi = 0, ti = 0
        var starP = -1, starT = -1
        while ti < t.count {
            if pi < p.count {
                switch p[pi] {
                case star:
                    starP = pi; starT = ti; pi += 1
                    continue
                case question:
                    pi += 1; ti += 1
                    continue
                case open:
                    if let (ok, next) = matchClass(p, pi, t[ti]) {
                        if ok { pi = next; ti += 1; continue }
                    } else if t[ti] == open { pi += 1; ti += 1; continue }
                case backslash where pi + 1 < p.count:
                    if p[pi + 1] == t[ti] { pi += 2; ti += 1; continue }
                default:
                    if p[pi] == t[ti] { pi += 1; ti += 1; continue }
                }
            }
            if starP >= 0 {
                starT += 1; ti = starT; pi = starP + 1
                continue
            }
            return false
        }
        while pi < p.count && p[pi] == star { pi += 1 }
        return pi == p.count
    }

    /// Matches one character against the class starting at `p[start] == "["`.
    /// Returns nil when the class is not closed (then `[` is literal).
    private static func matchClass<Unit: FixedWidthInteger>(_ p: [Unit], _ start: Int, _ c: Unit) -> (Bool, Int)? {
        let close = Unit(93), dash = Unit(45)
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == Unit(33) || p[i] == Unit(94)) { negate = true; i += 1 }  // ! ^
        var matched = false
        var first = true
        while i < p.count && (p[i] != close || first) {
            first = false
            if i + 2 < p.count && p[i + 1] == dash && p[i + 2] != close {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
}
