/// Pure path arithmetic for absolute paths inside a filesystem.
public enum Path {
    /// Makes `path` absolute and canonical: collapses `//`, removes `.`, resolves `..`
    /// without ever climbing above `/` (so a config cannot escape its filesystem).
    public static func normalize(_ path: String) -> String {
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
