#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The one error type for failed system calls: which call, on what, and errno.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name of the failed call (`open`, `mount`, `kexec_file_load`, ...).
    public var call: String
    /// The path or object the call was about, when there is one.
    public var path: String?
    /// The errno value.
    public var errno: Int32

    public init(call: String, path: String? = nil, errno: Int32) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    /// The C library's text for `errno` ("No such file or directory").
    public var reason: String { String(cString: strerror(errno)) }

    public var description: String {
        if let path { return "\(call) \(path): \(reason) (errno \(errno))" }
        return "\(call): \(reason) (errno \(errno))"
    }
}
