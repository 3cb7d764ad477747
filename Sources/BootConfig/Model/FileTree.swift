/// What a path inside a filesystem is.
public enum FileKind: Sendable, Equatable {
    case file
    case directory
}

/// Why a file could not be read from a `FileTree`.
public struct FileTreeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path inside the tree, as asked for.
    public var path: String
    /// What went wrong, in words ("no such file", "is a directory", an errno text).
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// A filesystem rooted at a directory: the only way config parsers reach files.
///
/// Paths are absolute inside the tree (`/boot/grub/grub.cfg`). Implementations
/// must never let a path (with `..` or symlinks) escape the tree.
public protocol FileTree: Sendable {
    /// Returns the whole content of the file at `path`.
    func read(_ path: String) throws(FileTreeError) -> [UInt8]
    /// Returns the names in the directory at `path` (no `.`/`..`), unsorted.
    func list(_ path: String) throws(FileTreeError) -> [String]
    /// Returns whether `path` exists and what it is; nil when it does not exist.
    func kind(_ path: String) -> FileKind?
}

extension FileTree {
    /// Whether `path` is an existing regular file.
    public func isFile(_ path: String) -> Bool { kind(path) == .file }
    /// Whether `path` is an existing directory.
    public func isDirectory(_ path: String) -> Bool { kind(path) == .directory }
    /// Reads a file as UTF-8 text (invalid bytes become U+FFFD).
    public func readText(_ path: String) throws(FileTreeError) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }
}

/// An in-memory tree for tests and for files synthesized at run time.
public struct MemoryTree: FileTree {
    /// Files by normalized absolute path.
    public private(set) var files: [String: [UInt8]]

    public init(_ files: [String: String] = [:]) {
        self.files = [:]
        for (path, text) in files { self.files[Path.normalize(path)] = Array(text.utf8) }
    }

    public init(bytes: [String: [UInt8]]) {
        self.files = [:]
        for (path, data) in bytes { self.files[Path.normalize(path)] = data }
    }

    /// Adds or replaces a file.
    public mutating func add(_ path: String, _ text: String) {
        files[Path.normalize(path)] = Array(text.utf8)
    }

    /// Adds or replaces a file with raw bytes.
    public mutating func add(_ path: String, bytes: [UInt8]) {
        files[Path.normalize(path)] = bytes
    }

    public func read(_ path: String) throws(FileTreeError) -> [UInt8] {
        let p = Path.normalize(path)
        if let data = files[p] { return data }
        if kind(p) == .directory { throw FileTreeError(path: path, reason: "is a directory") }
        throw FileTreeError(path: path, reason: "no such file")
    }

    public func list(_ path: String) throws(FileTreeError) -> [String] {
        let p = Path.normalize(path)
        let prefix = p == "/" ? "/" : p + "/"
        var names = Set<String>()
        for key in files.keys where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let name = rest.split(separator: "/").first { names.insert(String(name)) }
        }
        if names.isEmpty && kind(p) != .directory {
            throw FileTreeError(path: path, reason: "no such directory")
        }
        return Array(names)
    }

    public func kind(_ path: String) -> FileKind? {
        let p = Path.normalize(path)
        if files[p] != nil { return .file }
        if p == "/" { return .directory }
        let prefix = p + "/"
        return files.keys.contains(where: { $0.hasPrefix(prefix) }) ? .directory : nil
    }
}
