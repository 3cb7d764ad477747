/// Shell-style glob matching (`*`, `?`, `[...]` with ranges and `!`/`^` negation), as
/// fnmatch(3) without flags. Used for loader.conf `default`, `swiftboot.default` and
/// modules.alias patterns.
public enum Glob {
    /// Whether `text` matches `pattern` as a whole.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        match(Array(pattern.unicodeScalars), 0, Array(text.unicodeScalars), 0)
    }

    private static func match(_ p: [Unicode.Scalar], _ pi: Int, _ t: [Unicode.Scalar], _ ti: Int) -> Bool {
        var pi = pi, ti = ti
        var starP = -1, starT = -1
        while ti < t.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    starP = pi; starT = ti; pi += 1
                    continue
                case "?":
                    pi += 1; ti += 1
                    continue
                case "[":
                    if let (ok, next) = matchClass(p, pi, t[ti]) {
                        if ok { pi = next; ti += 1; continue }
                    } else if t[ti] == "[" { pi += 1; ti += 1; continue }
                case "\\" where pi + 1 < p.count:
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
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// Matches one character against the class starting at `p[start] == "["`.
    /// Returns nil when the class is not closed (then `[` is literal).
    private static func matchClass(_ p: [Unicode.Scalar], _ start: Int, _ c: Unicode.Scalar) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == "!" || p[i] == "^") { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count && (p[i] != "]" || first) {
            first = false
            if i + 2 < p.count && p[i + 1] == "-" && p[i + 2] != "]" {
                if p[i].value <= c.value && c.value <= p[i + 2].value { matched = true }
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
