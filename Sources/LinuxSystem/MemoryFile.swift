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
