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

    /// Starts `path` with `arguments` (argv[0] first) and `environment`, in a new session
    /// so it can take a controlling terminal. The corresponding C function is `posix_spawn`.
    public static func spawn(_ path: String, arguments: [String], environment: [String]) throws(SystemError) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26) | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x04 | 0x08))
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, nil, &attributes, argv, envp)
        if rc != 0 { throw SystemError(call: "posix_spawn", path: path, errno: rc) }
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
