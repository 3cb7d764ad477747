/// Terminal text arithmetic: display width, safe characters, truncation, and the ASCII
/// fallback for terminals (or a static binary without a UTF-8 locale) that cannot draw
/// UTF-8.
public enum TextFit {
    /// Columns a character takes on a terminal: 2 for East Asian wide and emoji, else 1
    /// (combining marks belong to their base character).
    public static func width(_ c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 0 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0xA4CF, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns a string takes.
    public static func width(_ s: String) -> Int {
        s.reduce(0) { $0 + width($1) }
    }

    /// Replaces control characters (C0, DEL, C1) with `?` and tabs with a space, so text
    /// from a config can never send escape sequences to the terminal.
    public static func sanitize(_ s: String) -> String {
        var out = ""
        for c in s {
            let v = c.unicodeScalars.first!.value
            if v == 0x09 { out.append(" ") } else if v < 0x20 || (0x7F...0x9F).contains(v) { out.append("?") } else { out.append(c) }
        }
        return out
    }

    /// The text made safe and, when `unicode` is false, spelled in ASCII.
    public static func displayable(_ s: String, unicode: Bool) -> String {
        let safe = sanitize(s)
        return unicode ? safe : ascii(safe)
    }

    /// An ASCII spelling: accented Latin letters lose their accents, typographic
    /// punctuation becomes its plain form, anything else becomes `?`.
    public static func ascii(_ s: String) -> String {
        var out = ""
        for c in s {
            guard let first = c.unicodeScalars.first else { continue }
            let v = first.value
            if v < 0x80 { out.unicodeScalars.append(first); continue }
            out += asciiFallback(v)
        }
        return out
    }

    // À..ÿ (U+00C0...U+00FF) and Ā..ſ (U+0100...U+017F), one ASCII letter each.
    private static let latin1 = Array("AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty")
    private static let latinExtendedA = Array(
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs")

    private static func asciiFallback(_ v: UInt32) -> String {
        switch v {
        case 0xC6: return "AE"
        case 0xE6: return "ae"
        case 0xDF: return "ss"
        case 0x152: return "OE"
        case 0x153: return "oe"
        case 0xC0...0xFF: return String(latin1[Int(v - 0xC0)])
        case 0x100...0x17F: return String(latinExtendedA[Int(v - 0x100)])
        case 0xA0, 0x2000...0x200A: return " "
        case 0x2010...0x2015, 0x2212: return "-"
        case 0x2018, 0x2019, 0x201A, 0x2032: return "'"
        case 0x201C, 0x201D, 0x201E, 0xAB, 0xBB: return "\""
        case 0x2026: return "..."
        case 0x2022, 0xB7: return "*"
        case 0xA9: return "(c)"
        case 0xAE: return "(R)"
        case 0x2122: return "TM"
        case 0x25B8, 0x25B6, 0x203A, 0x2192: return ">"
        default: return "?"
        }
    }

    /// The text cut to at most `width` columns; a cut is marked with `…` (or `~` in
    /// ASCII) so a truncated title is visibly truncated.
    public static func truncate(_ s: String, width limit: Int, unicode: Bool) -> String {
        guard limit > 0 else { return "" }
        if width(s) <= limit { return s }
        var out = ""
        var used = 0
        for c in s {
            let w = width(c)
            if used + w > limit - 1 { break }
            out.append(c)
            used += w
        }
        return out + (unicode ? "…" : "~")
    }

    /// The text made displayable and cut to `width` columns.
    public static func fit(_ s: String, width limit: Int, unicode: Bool) -> String {
        truncate(displayable(s, unicode: unicode), width: limit, unicode: unicode)
    }

    /// `s` followed by spaces up to `width` columns (nothing added when it is wider).
    public static func pad(_ s: String, to limit: Int) -> String {
        let w = width(s)
        return w >= limit ? s : s + String(repeating: " ", count: limit - w)
    }

    /// Breaks text into lines of at most `width` columns, at spaces where possible. The
    /// first line keeps the text's indentation (leading spaces narrower than a line);
    /// spaces where a line breaks are dropped.
    public static func wrap(_ s: String, width limit: Int) -> [String] {
        guard limit > 0 else { return [s] }
        let leading = s.prefix { $0 == " " }.count
        let indent = leading < limit ? leading : 0
        var lines: [String] = []
        var current = String(repeating: " ", count: indent)
        var used = indent
        // Whether the current line holds no word yet (only the indentation).
        var fresh = true
        for word in s.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false) {
            var w = String(word)
            let ww = width(w)
            let needed = fresh ? used + ww : used + 1 + ww
            if needed <= limit {
                if !fresh { current += " "; used += 1 }
                current += w; used += ww
                fresh = fresh && w.isEmpty
                continue
            }
            if !fresh { lines.append(current) }
            // A word longer than a line is split hard.
            while width(w) > limit {
                var head = ""
                var hw = 0
                var rest = w[...]
                while let c = rest.first, hw + width(c) <= limit { head.append(c); hw += width(c); rest = rest.dropFirst() }
                if head.isEmpty { head = String(rest.first!); rest = rest.dropFirst() }
                lines.append(head)
                w = String(rest)
            }
            current = w; used = width(w); fresh = w.isEmpty
        }
        lines.append(current)
        return lines
    }
}
