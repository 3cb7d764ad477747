/// Resolves a path inside a tree the way `openat2(RESOLVE_IN_ROOT)` does: `..` stops at
/// the root, and symlinks (absolute ones too) are followed relative to the root. Used
/// where the kernel lacks openat2 (before Linux 5.6).
public enum InRootPath {
    /// The kernel's limit on symlinks followed in one lookup.
    public static let maxLinks = 40

    /// Resolves `path` to a symlink-free absolute path inside the tree.
    ///
    /// - Parameters:
    ///   - path: An absolute (or root-relative) path inside the tree.
    ///   - readLink: The target of the symlink at an absolute in-tree path, nil when that
    ///     path is not a symlink.
    /// - Returns: The resolved path, or nil after more than `maxLinks` symlinks (a loop).
    public static func resolve(_ path: String, readLink: (String) -> String?) -> String? {
        var pending = Array(path.split(separator: "/").map(String.init).reversed())
        var resolved: [String] = []
        var links = 0
        while let component = pending.popLast() {
            if component.isEmpty || component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            if let target = readLink(candidate) {
                links += 1
                if links > maxLinks { return nil }
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: target.split(separator: "/").map(String.init).reversed())
            } else {
                resolved.append(component)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }
}
