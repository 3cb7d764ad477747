/// The UAPI.10 version comparison (systemd's `strverscmp_improved`): what BLS entry
/// ordering and `systemd-analyze compare-versions` use. Close to rpm's `rpmvercmp`,
/// but `~` sorts before everything, `-`, `^` and `.` have an order of their own, and
/// upper case sorts before lower case.
public enum VersionCompare {
    /// Compares two version strings: negative when `a` is older, 0 when equal,
    /// positive when `a` is newer.
    public static func compare(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var i = 0, j = 0
        func at(_ s: [UInt8], _ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        while true {
            // (a) Characters outside [A-Za-z0-9~^.-] only separate segments.
            while i < a.count && !isVersionChar(a[i]) { i += 1 }
            while j < b.count && !isVersionChar(b[j]) { j += 1 }
            // (b) `~` sorts before anything, even the end of the string.
            if at(a, i) == tilde || at(b, j) == tilde {
                let r = order(at(a, i) != tilde, at(b, j) != tilde)
                if r != 0 { return r }
                i += 1; j += 1
            }
            // (c) When one string has ended, the longer one is newer.
            if i >= a.count || j >= b.count {
                return order(i < a.count, j < b.count)
            }
            // (d)-(f) The side with `-`, `^` or `.` here is older; when both have it, skip it.
            for separator in [dash, caret, dot] where at(a, i) == separator || at(b, j) == separator {
                let r = order(at(a, i) != separator, at(b, j) != separator)
                if r != 0 { return r }
                i += 1; j += 1
            }
            if isDigit(at(a, i)) || isDigit(at(b, j)) {
                // (g) Numbers: an empty number is older; leading zeros don't count.
                var ea = i, eb = j
                while isDigit(at(a, ea)) { ea += 1 }
                while isDigit(at(b, eb)) { eb += 1 }
                var r = order(ea != i, eb != j)
                if r != 0 { return r }
                while at(a, i) == zero && i < ea { i += 1 }
                while at(b, j) == zero && j < eb { j += 1 }
                r = order(ea - i, eb - j)
                if r != 0 { return r }
                r = lexical(a[i..<ea], b[j..<eb])
                if r != 0 { return r }
                i = ea; j = eb
            } else {
                // (h) Letters, byte by byte (so upper case is older); a longer run is newer.
                var ea = i, eb = j
                while isLetter(at(a, ea)) { ea += 1 }
                while isLetter(at(b, eb)) { eb += 1 }
                let n = min(ea - i, eb - j)
                var r = lexical(a[i..<(i + n)], b[j..<(j + n)])
                if r != 0 { return r }
                r = order(ea - i, eb - j)
                if r != 0 { return r }
                i = ea; j = eb
            }
        }
    }

    /// Whether `a` is older than `b`.
    public static func isOlder(_ a: String, than b: String) -> Bool { compare(a, b) < 0 }

    private static let tilde = UInt8(ascii: "~"), dash = UInt8(ascii: "-"), caret = UInt8(ascii: "^")
    private static let dot = UInt8(ascii: "."), zero = UInt8(ascii: "0")

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a }
    private static func isVersionChar(_ c: UInt8) -> Bool {
        isDigit(c) || isLetter(c) || c == tilde || c == dash || c == caret || c == dot
    }

    private static func order(_ x: Bool, _ y: Bool) -> Int { order(x ? 1 : 0, y ? 1 : 0) }
    private static func order(_ x: Int, _ y: Int) -> Int { x < y ? -1 : (x > y ? 1 : 0) }

    private static func lexical(_ x: ArraySlice<UInt8>, _ y: ArraySlice<UInt8>) -> Int {
        for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
        return order(x.count, y.count)
    }
}
