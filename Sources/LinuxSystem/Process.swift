#if canImport(Glibc)
import Glibc
#endif

/// Starting, signalling and reaping child processes.
public enum ChildProcess {
    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        /// Decodes a `waitpid` status word.
        public init(waitStatus status: Int32) {
            if status & 0x7f == 0 {
                self = .exited((status >> 8) & 0xff)
            } else {
                self = .signaled(status & 0x7f)
            }
        }

        public var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    /// Runs `body` in a forked child, in a new session, and returns the child's pid; the
    /// child exits with what `body` returns. Only for single-threaded callers (PID 1): the
    /// child starts from a copy of the caller's memory, with no exec and no new runtime
    /// start-up. The corresponding C function is `fork`.
    public static func fork(_ body: () -> Int32) throws(SystemError) -> pid_t {
        // Buffered output would otherwise be written twice, once by each process.
        fflush(nil)
        let pid = Glibc.fork()
        if pid < 0 { throw SystemError(call: "fork", path: nil, errno: errno) }
        if pid == 0 {
            _ = setsid()
            let status = body()
            fflush(nil)
            _exit(status)
        }
        return pid
    }

    /// Reaps one ended child. Blocks until one ends unless `block` is false (then nil when
    /// none has ended). Nil also when there are no children. The corresponding C function is
    /// `waitpid(-1, …)`.
    public static func reapAny(block: Bool = true) -> (pid: pid_t, termination: Termination)? {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, block ? 0 : WNOHANG)
            if pid > 0 { return (pid, Termination(waitStatus: status)) }
            if pid < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Sends `signal` to `pid`. The corresponding C function is `kill`.
    public static func signal(_ pid: pid_t, _ signal: Int32) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: false) { kill(pid, signal) }.get("kill", "\(pid)")
    }
}
