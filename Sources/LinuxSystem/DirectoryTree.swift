#if canImport(Glibc)
import Glibc
#endif
import BootConfig

/// A `FileTree` over a host directory (a mount point, or a folder given to the CLI).
///
/// Paths are normalized first, so `..` cannot climb above the root.
public struct DirectoryTree: FileTree {
    /// The host directory that is `/` of this tree.
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// The host path of `path` inside the tree.
    public func hostPath(_ path: String) -> String {
        let p = Path.normalize(path)
        return p == "/" ? root : (root == "/" ? p : root + p)
    }

    public func read(_ path: String) throws(FileTreeError) -> [UInt8] {
        let host = hostPath(path)
        let fd = open(host, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileTreeError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileTreeError(path: path, reason: "is a directory")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(st.st_size))
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileTreeError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    public func list(_ path: String) throws(FileTreeError) -> [String] {
        guard let dir = opendir(hostPath(path)) else {
            throw FileTreeError(path: path, reason: String(cString: strerror(errno)))
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
        var st = stat()
        guard stat(hostPath(path), &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return nil
        }
    }
}
