/// The ordering Fedora's `blscfg` gives BLS entries: rpm-style version comparison of the
/// file names, after splitting each at its last two `-` into name, version and release.
enum GrubVersionCompare {
    /// Compares two entry names (file names without `.conf`): -1, 0 or 1.
    static func compareEntryNames(_ a: String, _ b: String) -> Int {
        let x = split(a), y = split(b)
        var r = rpmCompare(x.name, y.name)
        if r != 0 { return r }
        r = rpmCompare(x.version, y.version)
        if r != 0 { return r }
        return rpmCompare(x.release, y.release)
    }

    /// Splits `name-version-release` at the last two `-`. With fewer dashes the parts that
    /// exist move up: `a-b` is name `a`, version `b`; `a` is name `a`.
    static func split(_ s: String) -> (name: String, version: String, release: String) {
        var rest = Substring(s)
        var release: Substring?
        var version: Substring?
        if let dash = rest.lastIndex(of: "-") {
            release = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        if let dash = rest.lastIndex(of: "-") {
            version = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
        }
        // Bubble present parts up towards the name, as blscfg's split_package_string.
        if version == nil {
            return (String(rest), release.map(String.init) ?? "", "")
        }
        return (String(rest), String(version!), release.map(String.init) ?? "")
    }

    /// rpm's version comparison: segments of digits or letters compared in turn
    /// (numbers numerically, a number beats letters), other characters separate
    /// segments, `~` sorts before anything (even the end), `+` after the end.
    static func rpmCompare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0, j = 0
        func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        let tilde: UInt8 = 0x7E, plus: UInt8 = 0x2B
        while i < x.count || j < y.count {
            while i < x.count && !isAlnum(x[i]) && x[i] != tilde && x[i] != plus { i += 1 }
            while j < y.count && !isAlnum(y[j]) && y[j] != tilde && y[j] != plus { j += 1 }
            let cx = i < x.count ? x[i] : 0, cy = j < y.count ? y[j] : 0
            if cx == tilde || cy == tilde {
                if cx != tilde { return 1 }
                if cy != tilde { return -1 }
                i += 1; j += 1
                continue
            }
            if cx == plus || cy == plus {
                if cx == 0 { return -1 }
                if cy == 0 { return 1 }
                if cx != plus { return 1 }
                if cy != plus { return -1 }
                i += 1; j += 1
                continue
            }
            if cx == 0 || cy == 0 { break }
            let numeric = isDigit(cx)
            let matches: (UInt8) -> Bool = numeric ? isDigit : isAlpha
            var ei = i, ej = j
            while ei < x.count && matches(x[ei]) { ei += 1 }
            while ej < y.count && matches(y[ej]) { ej += 1 }
            // Segments of different kinds: the number is newer.
            if ej == j { return numeric ? 1 : -1 }
            var sx = x[i..<ei], sy = y[j..<ej]
            if numeric {
                while sx.first == 0x30 { sx = sx.dropFirst() }
                while sy.first == 0x30 { sy = sy.dropFirst() }
                if sx.count != sy.count { return sx.count > sy.count ? 1 : -1 }
            }
            if sx.lexicographicallyPrecedes(sy) { return -1 }
            if sy.lexicographicallyPrecedes(sx) { return 1 }
            i = ei; j = ej
        }
        let restX = i < x.count, restY = j < y.count
        if !restX && !restY { return 0 }
        return restX ? 1 : -1
    }
}
