/// GRUB's reading of `default`, `timeout` and `timeout_style` (`grub-core/normal/menu.c`).
enum GrubDefault {
    /// The item `value` selects at one menu level, as `get_entry_number` does: a number
    /// (leading digits, base auto-detected) counts items from 0; otherwise the first item
    /// whose title or id equals the part before the first single `>` (`>>` is a literal
    /// `>`). Unset, unmatched or out of range gives item 0.
    static func index(_ value: String?, titles: [String], ids: [String]) -> Int {
        guard let value else { return 0 }
        if let n = leadingNumber(value) {
            return n >= 0 && n < titles.count ? n : 0
        }
        for i in titles.indices where matches(titles[i], value) || matches(ids[i], value) {
            return i
        }
        return 0
    }

    /// What `default` becomes inside a submenu entered from this level: the part after
    /// the first single `>`, or nil (unset).
    static func rest(_ value: String?) -> String? {
        guard let value else { return nil }
        let chars = Array(value.unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == ">" {
                if i + 1 < chars.count && chars[i + 1] == ">" { i += 2; continue }
                let rest = String(String.UnicodeScalarView(chars[(i + 1)...]))
                return rest.isEmpty ? nil : rest
            }
            i += 1
        }
        return nil
    }

    /// An id as it appears in `chosen`: `>` doubled.
    static func escape(_ id: String) -> String {
        id.replacing(">", with: ">>")
    }

    /// `menuentry_eq`: `name` equals `spec` up to its first single `>`.
    static func matches(_ name: String, _ spec: String) -> Bool {
        let n = Array(name.unicodeScalars), s = Array(spec.unicodeScalars)
        var i = 0, j = 0
        while true {
            let sj: Unicode.Scalar? = j < s.count ? s[j] : nil
            let sNext: Unicode.Scalar? = j + 1 < s.count ? s[j + 1] : nil
            if sj == ">" && sNext != ">" { return i == n.count }
            if sj == ">" { j += 1 }
            let a: Unicode.Scalar? = i < n.count ? n[i] : nil
            let b: Unicode.Scalar? = j < s.count ? s[j] : nil
            if a != b { return false }
            if a == nil { return true }
            i += 1
            j += 1
        }
    }

    /// `grub_strtoul(value, 0, 0)`: leading blanks, digits in base 10, 16 (`0x`) or 8
    /// (leading `0`), stopping at the first other character. Nil when there are no digits.
    static func leadingNumber(_ value: String) -> Int? {
        var s = Substring(value)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        var base = 10
        if s.hasPrefix("0x") || s.hasPrefix("0X"), let d = s.dropFirst(2).first, d.isHexDigit {
            base = 16
            s = s.dropFirst(2)
        } else if s.hasPrefix("0") {
            base = 8
        }
        var result = 0
        var digits = 0
        for c in s {
            guard let d = c.hexDigitValue, d < base else { break }
            if result > Int(Int32.max) { break }
            result = result * base + d
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -result : result
    }

    /// Seconds to wait, or nil to wait forever: `timeout` unset, not a number, or negative.
    static func timeout(_ value: String?) -> Int? {
        guard let value, let n = leadingNumber(value), n >= 0 else { return nil }
        return n
    }

    /// Whether the menu stays hidden until a key is pressed (`timeout_style` hidden or
    /// countdown; with no timeout GRUB always shows the menu).
    static func hidden(style: String?, timeout: Int?) -> Bool {
        guard timeout != nil else { return false }
        return style == "hidden" || style == "countdown"
    }
}
