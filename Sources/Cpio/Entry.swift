/// One record of an initramfs: what kind of file it is and its contents.
public enum EntryKind: Equatable, Sendable {
    /// A directory.
    case directory
    /// A regular file with these bytes.
    case file([UInt8])
    /// A symbolic link pointing at `target`.
    case symlink(target: String)
    /// A character device node (built in the archive; no mknod on the host).
    case characterDevice(major: UInt32, minor: UInt32)
    /// A block device node.
    case blockDevice(major: UInt32, minor: UInt32)

    /// The file-type bits of `st_mode` for this kind (S_IFDIR, S_IFREG, ...).
    var typeBits: UInt32 {
        switch self {
        case .directory: return 0o040000
        case .file: return 0o100000
        case .symlink: return 0o120000
        case .characterDevice: return 0o020000
        case .blockDevice: return 0o060000
        }
    }
}

/// One path in the archive with its kind and permission bits. Owner is always root.
public struct Entry: Equatable, Sendable {
    /// Path inside the archive, normalized: no leading `/`, no `.` or empty components.
    public let path: String
    /// What the path is.
    public let kind: EntryKind
    /// Permission bits (`0o755`, `0o644`, ...); the file-type bits come from `kind`.
    public let permissions: UInt32

    /// Creates an entry; `path` may be given with or without a leading `/`.
    public init(path: String, kind: EntryKind, permissions: UInt32) {
        self.path = Entry.normalize(path)
        self.kind = kind
        self.permissions = permissions & 0o7777
    }

    /// The full `st_mode`: type bits and permission bits.
    public var mode: UInt32 { kind.typeBits | permissions }

    /// The bytes stored after the header: file contents or the link target.
    var payload: [UInt8] {
        switch kind {
        case .file(let bytes): return bytes
        case .symlink(let target): return Array(target.utf8)
        case .directory, .characterDevice, .blockDevice: return []
        }
    }

    /// `/a//b/./c/` → `a/b/c`. `..` is kept out by `Archive.add`.
    static func normalize(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." }
            .joined(separator: "/")
    }
}
