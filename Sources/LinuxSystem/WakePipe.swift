#if canImport(Glibc)
import Glibc
#endif

/// A pipe used to wake a `poll` from another thread or a signal handler: both ends
/// non-blocking (a full pipe never blocks the writer; draining stops when empty) and
/// close-on-exec. The corresponding C function is `pipe`.
public enum WakePipe {
    /// The read and write ends, or nil when no pipe could be made.
    public static func make() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        return (fds[0], fds[1])
    }
}
