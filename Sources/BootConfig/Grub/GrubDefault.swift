/// GRUB's reading of `default`, `timeout` and `timeout_style` (`grub-core/normal/menu.c`).
enum GrubDefault {
    /// The item `value` selects at one menu level: when the part before the first single
    /// `>` is a whole number (base auto-detected) it counts items from 0; otherwise the
    /// first item whose title or id equals that part (`>>` is a literal `>`). Unset,
    /// unmatched or out of range gives item 0. (A Fedora `saved_entry` such as
    /// `2a4f…-6.5.6-300.fc39.x86_64` is an id, not the number 2.)
    static func index(_ value: String?, titles: [String], ids: [String]) -> Int {
        guard let value else { return 0 }
        if let n = wholeNumber(firstPart(value)) {
            return n >= 0 && n < titles.count ? n : 0
        }
        for i in titles.indices where matches(titles[i], value) || matches(ids[i], value) {
            return i
        }
        return 0
    }

    /// The text before the first single `>`, with `>>` left as written.
    static func firstPart(_ value: String) -> String {
        let chars = Array(value.unicodeScalars)
        var i = 0
        while i < chars.count {
            if chars[i] == ">" {
                if i + 1 < chars.count && chars[i + 1] == ">" { i += 2; continue }
                return String(String.UnicodeScalarView(chars[..<i]))
            }
            i += 1
        }
        return value
    }

    /// A number written in full (blanks around it allowed), read as `leadingNumber` does.
    static func wholeNumber(_ text: String) -> Int? {
        var t = Substring(text.grubTrimmed)
        if t.first == "-" { t = t.dropFirst() }
        let hex = t.hasPrefix("0x") || t.hasPrefix("0X")
        let digits = hex ? t.dropFirst(2) : t
        let isDigit: (Character) -> Bool = hex ? { $0.isASCII && $0.isHexDigit } : { $0 >= "0" && $0 <= "9" }
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return leadingNumber(text.grubTrimmed)
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
        id.utf8.contains(0x3E) ? String(id.flatMap { $0 == ">" ? [">", ">"] : [$0] }) : id
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

extension GrubDefault {
    /// The items `fallback` names, in order: a blank-separated list whose words are item
    /// numbers or titles/ids (`get_and_remove_first_entry_number`, read until a word
    /// names no item). GRUB tries them in turn when the automatically booted default fails.
    static func fallbacks(_ value: String?, titles: [String], ids: [String]) -> [Int] {
        guard let value else { return [] }
        var rest = Substring(value)
        var result: [Int] = []
        while true {
            while let f = rest.first, f == " " || f == "\t" || f == "\n" { rest = rest.dropFirst() }
            guard !rest.isEmpty, result.count < titles.count + 16 else { break }
            if let (n, length) = leadingDigits(rest) {
                guard n >= 0 && n < titles.count else { break }
                result.append(n)
                rest = rest.dropFirst(length)
                continue
            }
            // A title or id: the longest name that the text starts with, followed by a
            // blank, a `>` or the end.
            var best: (index: Int, length: Int)?
            for i in titles.indices {
                for name in [titles[i], ids[i]] where !name.isEmpty && rest.hasPrefix(name) {
                    let after = rest.dropFirst(name.count).first
                    guard after == nil || after == " " || after == "\t" || after == ">" else { continue }
                    if best == nil || name.count > best!.length { best = (i, name.count) }
                }
            }
            guard let best else { break }
            result.append(best.index)
            rest = rest.dropFirst(best.length)
            // A `>` path after the name goes with it: skip to the next blank.
            rest = rest.drop { $0 != " " && $0 != "\t" }
        }
        return result
    }

    /// A number at the start of `text` (`grub_strtoul` base 0) and the characters it used.
    private static func leadingDigits(_ text: Substring) -> (Int, Int)? {
        var length = 0
        for c in text {
            if c == " " || c == "\t" { break }
            length += 1
        }
        let word = String(text.prefix(length))
        guard let first = word.first, first.isASCII, first.isNumber, let n = leadingNumber(word) else { return nil }
        return (n, length)
    }
}
