#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// Opening a boot file inside its own filesystem, and copying bytes into memfds.
enum KexecFiles {
    /// How a file is named in messages: `fs:path`, or the path alone for the host CLI.
    /// A network volume's files are named by URL: `fs` + path, or the path when it is one.
    static func display(_ path: String, on volume: Volume) -> String {
        if volume.tree is any DescriptorTree { return path.containsText("://") ? path : volume.name + path }
        return volume.name.isEmpty ? path : "\(volume.name):\(path)"
    }

    /// Opens `path` read-only inside `volume`: `openat2(RESOLVE_IN_ROOT)` below the
    /// volume's mount point (so neither `..` nor a symlink leaves the filesystem), or a
    /// memfd with the tree's bytes when the volume has no host directory.
    static func open(_ path: String, on volume: Volume) throws(KexecError) -> FileDescriptor {
        let name = display(path, on: volume)
        if let remote = volume.tree as? any DescriptorTree {
            do { return try remote.openDescriptor(path) } catch {
                throw KexecError(kind: error.cancelled ? .cancelled : error.notFound ? .missingFile : .unreadable,
                                 file: error.file, detail: error.reason)
            }
        }
        guard let root = volume.root else {
            let bytes: [UInt8]
            do { bytes = try volume.tree.read(path) } catch {
                throw KexecError(kind: volume.tree.kind(path) == nil ? .missingFile : .unreadable, file: name, detail: error.reason)
            }
            return try memoryFile(bytes, name: name)
        }
        let relative = String(Path.normalize(path).drop { $0 == "/" })
        do throws(SystemError) {
            let fd: FileDescriptor
            do {
                let rootFD = try FileDescriptor.open(root, .readOnly, options: [.directory, .path])
                defer { rootFD.close() }
                fd = try rootFD.open(relative: relative, .readOnly, resolve: [.inRoot, .noMagicLinks])
            } catch where error.errno == ENOSYS {
                // Before Linux 5.6: resolve symlinks inside the root in user space.
                let hostRoot = root == "/" ? "" : root
                guard let resolved = InRootPath.resolve(relative, readLink: { FileSystem.readLink(hostRoot + $0) }) else {
                    throw SystemError(call: "open", path: path, errno: ELOOP)
                }
                fd = try FileDescriptor.open(hostRoot + resolved, .readOnly, options: .noFollow)
            }
            if let st = try? fd.status(), st.st_mode & S_IFMT != S_IFREG {
                fd.close()
                throw SystemError(call: "open", path: path, errno: EISDIR)
            }
            return fd
        } catch {
            throw KexecError.fromErrno(error.errno, file: name)
        }
    }

    /// Size of an open file.
    static func size(_ fd: FileDescriptor, name: String) throws(KexecError) -> Int {
        do { return Int(try fd.status().st_size) } catch { throw KexecError.fromErrno(error.errno, file: name) }
    }

    /// Reads `count` bytes from the start (fewer if the file is shorter).
    static func read(_ fd: FileDescriptor, count: Int, name: String) throws(KexecError) -> [UInt8] {
        do { return try fd.read(count: count, at: 0) } catch { throw KexecError.fromErrno(error.errno, file: name) }
    }

    /// Reads the whole file.
    static func readAll(_ fd: FileDescriptor, name: String) throws(KexecError) -> [UInt8] {
        try read(fd, count: try size(fd, name: name), name: name)
    }

    /// A memfd holding `bytes`, positioned at 0.
    static func memoryFile(_ bytes: [UInt8], name: String) throws(KexecError) -> FileDescriptor {
        do throws(SystemError) {
            let fd = try FileDescriptor.memoryFile(name: "swiftboot-kexec")
            do {
                try fd.writeAll(bytes, at: 0)
            } catch {
                fd.close()
                throw error
            }
            return fd
        } catch {
            throw KexecError.fromErrno(error.errno, file: name, detail: "copying into memory")
        }
    }

    /// Copies a whole file into a fresh memfd in 1 MiB chunks.
    static func copyToMemory(_ source: FileDescriptor, name: String) throws(KexecError) -> FileDescriptor {
        let total = try size(source, name: name)
        let fd: FileDescriptor
        do { fd = try FileDescriptor.memoryFile(name: "swiftboot-kexec") } catch {
            throw KexecError.fromErrno(error.errno, file: name, detail: "creating a memfd")
        }
        do {
            var at = 0
            while at < total {
                let chunk = try source.read(count: min(1 << 20, total - at), at: Int64(at))
                if chunk.isEmpty { break }
                try fd.writeAll(chunk, at: Int64(at))
                at += chunk.count
            }
            return fd
        } catch {
            fd.close()
            throw KexecError.fromErrno(error.errno, file: name, detail: "copying into memory")
        }
    }
}
