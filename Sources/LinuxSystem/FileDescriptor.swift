#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// An open file descriptor. Closing is explicit (`close()`), as in swift-system.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// How a file is opened for reading and writing.
    public enum AccessMode: Sendable {
        case readOnly, writeOnly, readWrite

        var rawValue: Int32 {
            switch self {
            case .readOnly: return O_RDONLY
            case .writeOnly: return O_WRONLY
            case .readWrite: return O_RDWR
            }
        }
    }

    /// Options for `open`: `O_*` flags other than the access mode.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let closeOnExec = OpenOptions(rawValue: O_CLOEXEC)
        public static let create = OpenOptions(rawValue: O_CREAT)
        public static let truncate = OpenOptions(rawValue: O_TRUNC)
        public static let append = OpenOptions(rawValue: O_APPEND)
        public static let directory = OpenOptions(rawValue: O_DIRECTORY)
        public static let noFollow = OpenOptions(rawValue: O_NOFOLLOW)
        public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
        public static let noControllingTerminal = OpenOptions(rawValue: O_NOCTTY)
        /// `O_PATH`: a handle for *at calls and fstat, no I/O.
        public static let path = OpenOptions(rawValue: 0o10000000)
    }

    /// Opens a file. The corresponding C function is `open`.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - mode: Read, write or both.
    ///   - options: Further `O_*` flags; `closeOnExec` is always added.
    ///   - permissions: The mode of a file created with `.create`.
    public static func open(_ path: String, _ mode: AccessMode, options: OpenOptions = [],
                            permissions: mode_t = 0o644, retryOnInterrupt: Bool = true) throws(SystemError) -> FileDescriptor {
        let flags = mode.rawValue | options.union(.closeOnExec).rawValue
        let fd = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            Glibc.open(path, flags, permissions)
        }.get("open", path)
        return FileDescriptor(rawValue: fd)
    }

    /// Closes the descriptor, ignoring errors (there is nothing to do about them).
    /// The corresponding C function is `close`.
    public func close() {
        _ = Glibc.close(rawValue)
    }

    /// Reads up to `count` bytes. The corresponding C function is `read`.
    public func read(upTo count: Int, retryOnInterrupt: Bool = true) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = try buffer.withUnsafeMutableBytes { raw in
            valueOrErrno(retryOnInterrupt: retryOnInterrupt) { Glibc.read(rawValue, raw.baseAddress, raw.count) }
        }.get("read")
        buffer.removeSubrange(n...)
        return buffer
    }

    /// Reads until end of file: 4 KiB first (a sysfs or config file comes in one call),
    /// then twice as much per call up to 1 MiB, each call into uninitialised memory.
    /// (Filling a fresh 64 KiB buffer with zeros for every call, as it once did, was most
    /// of what reading a small file cost.)
    public func readAll(retryOnInterrupt: Bool = true) throws(SystemError) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = 4096
        while true {
            let part = try read(uninitialized: chunk, retryOnInterrupt: retryOnInterrupt)
            if part.isEmpty { return out }
            if out.isEmpty { out = part } else { out.append(contentsOf: part) }
            chunk = min(chunk * 2, 1 << 20)
        }
    }

    /// Up to `count` bytes read into an array that is never filled with zeros first.
    private func read(uninitialized count: Int, retryOnInterrupt: Bool) throws(SystemError) -> [UInt8] {
        var result: Result<Int, Errno> = .success(0)
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            result = valueOrErrno(retryOnInterrupt: retryOnInterrupt) { Glibc.read(rawValue, buffer.baseAddress, count) }
            if case .success(let n) = result { initialized = n } else { initialized = 0 }
        }
        _ = try result.get("read")
        return bytes
    }

    /// Writes all of `bytes`. The corresponding C function is `write`.
    public func writeAll(_ bytes: [UInt8], retryOnInterrupt: Bool = true) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let n = try bytes.withUnsafeBytes { raw in
                valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                    Glibc.write(rawValue, raw.baseAddress! + done, raw.count - done)
                }
            }.get("write")
            done += n
        }
    }

    /// Writes all of `bytes` at `offset` without moving the file position.
    /// The corresponding C function is `pwrite`.
    public func writeAll(_ bytes: [UInt8], at offset: Int64, retryOnInterrupt: Bool = true) throws(SystemError) {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) in try writeAll(raw, at: offset, retryOnInterrupt: retryOnInterrupt) }
        }.get()
    }

    /// Writes all of the bytes `raw` points to at `offset` without moving the file
    /// position (no copy of them is made first). The corresponding C function is `pwrite`.
    public func writeAll(_ raw: UnsafeRawBufferPointer, at offset: Int64, retryOnInterrupt: Bool = true) throws(SystemError) {
        var done = 0
        while done < raw.count {
            let n = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                Glibc.pwrite(rawValue, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
            }.get("pwrite")
            done += n
        }
    }

    /// Reads exactly `count` bytes at `offset` (fewer at end of file).
    /// The corresponding C function is `pread`.
    public func read(count: Int, at offset: Int64, retryOnInterrupt: Bool = true) throws(SystemError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = try buffer.withUnsafeMutableBytes { raw in
                valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                    Glibc.pread(rawValue, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                }
            }.get("pread")
            if n == 0 { break }
            done += n
        }
        buffer.removeSubrange(done...)
        return buffer
    }

    /// Flushes the file's data and metadata to the device. The corresponding C function is `fsync`.
    public func sync(retryOnInterrupt: Bool = true) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) { fsync(rawValue) }.get("fsync")
    }

    /// Asks the kernel to drop the file's clean cached pages, so the next read comes from
    /// the device. The corresponding C function is `posix_fadvise(POSIX_FADV_DONTNEED)`.
    public func dropCachedPages() throws(SystemError) {
        let rc = posix_fadvise(rawValue, 0, 0, POSIX_FADV_DONTNEED)
        if rc != 0 { throw SystemError(call: "posix_fadvise", errno: rc) }
    }

    /// The file's status. The corresponding C function is `fstat`.
    public func status() throws(SystemError) -> stat {
        var st = stat()
        _ = try valueOrErrno(retryOnInterrupt: false) { fstat(rawValue, &st) }.get("fstat")
        return st
    }

    /// Duplicates this descriptor onto `target`. The corresponding C function is `dup2`.
    @discardableResult
    public func duplicate(as target: FileDescriptor, retryOnInterrupt: Bool = true) throws(SystemError) -> FileDescriptor {
        let fd = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) { dup2(rawValue, target.rawValue) }.get("dup2")
        return FileDescriptor(rawValue: fd)
    }
}
