#if canImport(Glibc)
import Glibc
#endif
import CLinux

extension FileDescriptor {
    /// Creates an anonymous file in memory (used to concatenate initrds).
    /// The corresponding C function is `memfd_create` (with `MFD_CLOEXEC`).
    public static func memoryFile(name: String, retryOnInterrupt: Bool = true) throws(SystemError) -> FileDescriptor {
        let fd = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            clinux_memfd_create(name, 1 /* MFD_CLOEXEC */)
        }.get("memfd_create", name)
        return FileDescriptor(rawValue: fd)
    }
}

extension FileDescriptor {
    /// Sets the file's size to `length` bytes (cutting or extending with zeros).
    /// The corresponding C function is `ftruncate`.
    public func truncate(to length: Int64, retryOnInterrupt: Bool = true) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            ftruncate(rawValue, off_t(length))
        }.get("ftruncate")
    }
}
