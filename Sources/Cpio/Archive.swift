/// Why an entry cannot go into an archive.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// The same path was added twice with different contents.
    case duplicate(path: String)
    /// The path is empty or has a `..` component.
    case invalidPath(String)
    /// A path was added below something that is not a directory.
    case notADirectory(path: String)

    public var description: String {
        switch self {
        case .duplicate(let path): return "cpio: '\(path)' added twice with different contents"
        case .invalidPath(let path): return "cpio: invalid path '\(path)'"
        case .notADirectory(let path): return "cpio: '\(path)' is not a directory but has entries below it"
        }
    }
}

/// A set of entries that serializes to the same bytes whatever order they were added in.
///
/// Missing parent directories are created (mode 0755). Records are written sorted by
/// path bytes, so every directory precedes its contents, with inode numbers in that order
/// and one fixed modification time.
public struct Archive: Sendable {
    private var entries: [String: Entry] = [:]

    /// An empty archive.
    public init() {}

    /// Adds `entry` and any missing parent directories.
    ///
    /// Adding an identical entry again is allowed; a different one at the same path throws.
    public mutating func add(_ entry: Entry) throws(ArchiveError) {
        let components = entry.path.split(separator: "/")
        if components.isEmpty || components.contains("..") {
            throw .invalidPath(entry.path)
        }
        var parent = ""
        for component in components.dropLast() {
            parent = parent.isEmpty ? String(component) : parent + "/" + component
            if let existing = entries[parent] {
                guard existing.kind == .directory else { throw .notADirectory(path: parent) }
            } else {
                entries[parent] = Entry(path: parent, kind: .directory, permissions: 0o755)
            }
        }
        if let existing = entries[entry.path], existing != entry {
            // An implicit parent directory may be replaced by an explicit one.
            guard existing.kind == .directory, entry.kind == .directory else {
                throw .duplicate(path: entry.path)
            }
        }
        entries[entry.path] = entry
    }

    /// Adds a directory.
    public mutating func addDirectory(_ path: String, permissions: UInt32 = 0o755) throws(ArchiveError) {
        try add(Entry(path: path, kind: .directory, permissions: permissions))
    }

    /// Adds a regular file.
    public mutating func addFile(_ path: String, contents: [UInt8], permissions: UInt32 = 0o644) throws(ArchiveError) {
        try add(Entry(path: path, kind: .file(contents), permissions: permissions))
    }

    /// Adds a symbolic link.
    public mutating func addSymlink(_ path: String, target: String) throws(ArchiveError) {
        try add(Entry(path: path, kind: .symlink(target: target), permissions: 0o777))
    }

    /// Adds a character device node.
    public mutating func addCharacterDevice(_ path: String, major: UInt32, minor: UInt32, permissions: UInt32 = 0o600) throws(ArchiveError) {
        try add(Entry(path: path, kind: .characterDevice(major: major, minor: minor), permissions: permissions))
    }

    /// The entry at `path` (with or without a leading `/`), if any.
    public subscript(path: String) -> Entry? { entries[Entry.normalize(path)] }

    /// Every entry, sorted by path bytes: the order they are written in.
    public var sortedEntries: [Entry] {
        entries.values.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
    }

    /// The regular files as (path, contents), sorted by path bytes.
    public var files: [(path: String, contents: [UInt8])] {
        sortedEntries.compactMap { entry in
            if case .file(let bytes) = entry.kind { return (entry.path, bytes) }
            return nil
        }
    }

    /// The archive in the "newc" cpio format the kernel unpacks, ending with `TRAILER!!!`.
    /// - Parameter mtime: the modification time of every record (seconds since 1970).
    public func newcBytes(mtime: UInt32 = 0) -> [UInt8] {
        var writer = NewcWriter()
        for (index, entry) in sortedEntries.enumerated() {
            writer.append(entry, inode: UInt32(index + 1), mtime: mtime)
        }
        writer.finish()
        return writer.bytes
    }
}
