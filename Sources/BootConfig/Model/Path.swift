/// Pure path arithmetic for absolute paths inside a filesystem.
public enum Path {
    /// Makes `path` absolute and canonical: collapses `//`, removes `.`, resolves `..`
    /// without ever climbing above `/` (so a config cannot escape its filesystem).
    public static func normalize(_ path: String) -> String {
        if isCanonical(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `normalize` would return `path` unchanged: `/`, or `/` followed by
    /// components that are neither empty, `.` nor `..` (checked on bytes, no copies).
    static func isCanonical(_ path: String) -> Bool {
        var utf8 = path.utf8
        if let fast = utf8.withContiguousStorageIfAvailable({ isCanonical($0) }) { return fast }
        var copy = path
        copy.makeContiguousUTF8()
        utf8 = copy.utf8
        return utf8.withContiguousStorageIfAvailable { isCanonical($0) } ?? false
    }

    private static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash: UInt8 = 0x2F, dot: UInt8 = 0x2E
        guard let first = bytes.first, first == slash else { return false }
        if bytes.count == 1 { return true }
        var start = 1  // first byte of the current component
        var i = 1
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == slash {
                let length = i - start
                if length == 0 { return false }
                if bytes[start] == dot && (length == 1 || (length == 2 && bytes[start + 1] == dot)) { return false }
                start = i + 1
            }
            i += 1
        }
        return true
    }

    /// Resolves `path` against `directory` when it is relative, then normalizes.
    public static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(directory + "/" + path)
    }

    /// The directory part of a normalized absolute path (`/a/b` → `/a`, `/a` → `/`).
    public static func directory(of path: String) -> String {
        let p = normalize(path)
        guard let slash = p.lastIndex(of: "/"), slash != p.startIndex else { return "/" }
        return String(p[..<slash])
    }

    /// The last component of a path (`/a/b.conf` → `b.conf`).
    public static func basename(_ path: String) -> String {
        let p = normalize(path)
        guard let slash = p.lastIndex(of: "/") else { return p }
        return String(p[p.index(after: slash)...])
    }
}
