#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Path-based file operations.
public enum FileSystem {
    /// Reads a whole file as UTF-8 text.
    public static func readText(_ path: String) throws(SystemError) -> String {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        do {
            return String(decoding: try fd.readAll(), as: UTF8.self)
        } catch {
            throw SystemError(call: error.call, path: path, errno: error.errno)
        }
    }

    /// Writes `text` to an existing file (sysfs/procfs attributes, /dev/kmsg) in one write.
    public static func writeText(_ text: String, to path: String) throws(SystemError) {
        let fd = try FileDescriptor.open(path, .writeOnly, options: [.noControllingTerminal])
        defer { fd.close() }
        do {
            try fd.writeAll(Array(text.utf8))
        } catch {
            throw SystemError(call: error.call, path: path, errno: error.errno)
        }
    }

    /// Creates a directory, and its parents when `parents` is set; an existing directory is fine.
    /// The corresponding C function is `mkdir`.
    public static func makeDirectory(_ path: String, permissions: mode_t = 0o755, parents: Bool = true) throws(SystemError) {
        if parents {
            var prefix = ""
            for part in path.split(separator: "/").dropLast() {
                prefix += "/" + part
                if mkdir(prefix, permissions) != 0 && errno != EEXIST {
                    throw SystemError(call: "mkdir", path: prefix, errno: errno)
                }
            }
        }
        if mkdir(path, permissions) != 0 && errno != EEXIST {
            throw SystemError(call: "mkdir", path: path, errno: errno)
        }
    }

    /// Removes an empty directory. The corresponding C function is `rmdir`.
    public static func removeDirectory(_ path: String) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: false) { rmdir(path) }.get("rmdir", path)
    }

    /// Renames a file within one filesystem, atomically. The corresponding C function is `rename`.
    public static func rename(_ from: String, to: String) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: false) { Glibc.rename(from, to) }.get("rename", from)
    }

    /// Creates a symbolic link at `path` pointing to `target`. The corresponding C function is `symlink`.
    public static func symbolicLink(_ path: String, to target: String) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: false) { symlink(target, path) }.get("symlink", path)
    }

    /// The target of a symbolic link, or nil when `path` is not one. The corresponding C function is `readlink`.
    public static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether something exists at `path` (following symlinks).
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whether `path` is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, without `.` and `..`, sorted.
    public static func list(_ path: String) throws(SystemError) -> [String] {
        guard let dir = opendir(path) else { throw SystemError(call: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Flushes a directory's entries (after a rename) to the device.
    public static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try FileDescriptor.open(path, .readOnly, options: .directory)
        defer { fd.close() }
        do { try fd.sync() } catch { throw SystemError(call: "fsync", path: path, errno: error.errno) }
    }
}
