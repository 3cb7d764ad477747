#if canImport(Glibc)
import Glibc
#endif
import BootConfig

/// A `FileTree` over a host directory (a mount point, or a folder given to the CLI).
///
/// Paths are normalized first, so `..` cannot climb above the root, and symlinks are
/// resolved inside the root (`openat2` with `RESOLVE_IN_ROOT`; on kernels without
/// openat2, by `InRootPath` in user space), so a link to `/etc/passwd` on a mounted
/// disk names that disk's file, never the host's.
public struct DirectoryTree: FileTree {
    /// The host directory that is `/` of this tree.
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// The host path of `path` inside the tree (lexically; symlinks not resolved).
    public func hostPath(_ path: String) -> String {
        let p = Path.normalize(path)
        return p == "/" ? root : (root == "/" ? p : root + p)
    }

    /// Whether this kernel lacks openat2 (found out on first use).
    nonisolated(unsafe) static var openat2Missing = false

    /// Opens `path` read-only inside the tree without letting symlinks or `..` leave it.
    public func open(_ path: String) throws(SystemError) -> FileDescriptor {
        try openInRoot(path, options: [])
    }

    /// Opens `path` inside the tree without letting symlinks or `..` leave it.
    func openInRoot(_ path: String, options: FileDescriptor.OpenOptions) throws(SystemError) -> FileDescriptor {
        let relative = String(Path.normalize(path).drop(while: { $0 == "/" }))
        if !DirectoryTree.openat2Missing {
            let rootFD = try FileDescriptor.open(root, .readOnly, options: [.directory, .path])
            defer { rootFD.close() }
            do {
                return try rootFD.open(relative: relative.isEmpty ? "." : relative, .readOnly,
                                       options: options, resolve: [.inRoot, .noMagicLinks])
            } catch where error.errno == ENOSYS {
                DirectoryTree.openat2Missing = true
            }
        }
        let hostRoot = root == "/" ? "" : root
        guard let resolved = InRootPath.resolve(relative, readLink: { FileSystem.readLink(hostRoot + $0) }) else {
            throw SystemError(call: "open", path: path, errno: ELOOP)
        }
        return try FileDescriptor.open(resolved == "/" ? root : hostRoot + resolved, .readOnly,
                                       options: options.union(.noFollow))
    }

    public func read(_ path: String) throws(FileTreeError) -> [UInt8] {
        do {
            let fd = try openInRoot(path, options: [])
            defer { fd.close() }
            if let st = try? fd.status(), (st.st_mode & S_IFMT) == S_IFDIR {
                throw FileTreeError(path: path, reason: "is a directory")
            }
            return try fd.readAll()
        } catch let error as SystemError {
            throw FileTreeError(path: path, reason: error.reason)
        } catch let error as FileTreeError {
            throw error
        } catch {
            throw FileTreeError(path: path, reason: "\(error)")
        }
    }

    public func list(_ path: String) throws(FileTreeError) -> [String] {
        let fd: FileDescriptor
        do {
            fd = try openInRoot(path, options: .directory)
        } catch {
            throw FileTreeError(path: path, reason: error.reason)
        }
        guard let dir = fdopendir(fd.rawValue) else {
            let reason = String(cString: strerror(errno))
            fd.close()
            throw FileTreeError(path: path, reason: reason)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func kind(_ path: String) -> FileKind? {
        guard let fd = try? openInRoot(path, options: .path) else { return nil }
        defer { fd.close() }
        guard let st = try? fd.status() else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return nil
        }
    }
}
