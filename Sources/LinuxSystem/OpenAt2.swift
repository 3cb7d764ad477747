#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// How `openat2(2)` resolves a path (`RESOLVE_*`).
public struct ResolveFlags: OptionSet, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// No `/proc/self/fd`-style magic links.
    public static let noMagicLinks = ResolveFlags(rawValue: clinux_resolve_no_magiclinks)
    /// Treat the directory as `/`: `..`, absolute paths and symlinks stay inside it.
    public static let inRoot = ResolveFlags(rawValue: clinux_resolve_in_root)
}

extension FileDescriptor {
    /// Opens `path` relative to this directory with resolution rules.
    /// The corresponding C function is `openat2`. Throws ENOSYS on kernels before 5.6.
    public func open(relative path: String, _ mode: AccessMode, options: OpenOptions = [],
                     resolve: ResolveFlags, retryOnInterrupt: Bool = true) throws(SystemError) -> FileDescriptor {
        let flags = UInt64(UInt32(bitPattern: mode.rawValue | options.union(.closeOnExec).rawValue))
        let fd = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            clinux_openat2(rawValue, path, flags, 0, resolve.rawValue)
        }.get("openat2", path)
        return FileDescriptor(rawValue: fd)
    }
}
