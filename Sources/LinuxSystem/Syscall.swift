#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// An errno value from a failed call, before it is tied to a call name and path.
struct Errno: Error, Equatable {
    var code: Int32

    /// The calling thread's errno.
    static var current: Errno { Errno(code: clinux_errno()) }
}

/// Runs a raw call that returns -1 with errno on failure, again while it fails with
/// EINTR and `retryOnInterrupt` is set.
@inline(__always)
func valueOrErrno<T: FixedWidthInteger>(retryOnInterrupt: Bool, _ call: () -> T) -> Result<T, Errno> {
    while true {
        let value = call()
        if value != -1 { return .success(value) }
        let error = Errno.current
        if retryOnInterrupt && error.code == EINTR { continue }
        return .failure(error)
    }
}

extension Result where Failure == Errno {
    /// The value, or a `SystemError` naming `call` and `path`.
    @inline(__always)
    func get(_ call: String, _ path: String? = nil) throws(SystemError) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw SystemError(call: call, path: path, errno: error.code)
        }
    }
}
