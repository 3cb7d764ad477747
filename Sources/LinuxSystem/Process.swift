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
    ///
    /// The fork is made on a new thread (the caller waits for it), so that the child's
    /// only thread has never locked a `Synchronization.Mutex`: that lock keeps each
    /// thread's id in thread-local storage on first use, and a child forked from a thread
    /// that used one keeps the parent's id — its first contended lock (the menu's network
    /// threads logging beside its main thread) then ends in "Call to unlock Mutex on a
    /// thread which hasn't acquired the lock". The child runs on that thread's stack
    /// (`childStackSize`).
    public static func fork(_ body: () -> Int32) throws(SystemError) -> pid_t {
        // Buffered output would otherwise be written twice, once by each process.
        fflush(nil)
        let result: (pid: pid_t, errno: Int32) = withoutActuallyEscaping(body) { body in
            let job = ForkJob(body)
            let started = runOnNewThread(job)
            return started == 0 ? (job.pid, job.error) : (-1, started)
        }
        if result.pid < 0 { throw SystemError(call: "fork", path: nil, errno: result.errno) }
        return result.pid
    }

    /// The stack of the thread a child is forked on, which the child keeps (the menu runs
    /// on it): as large as a main thread's usual limit.
    public static let childStackSize = 16 << 20

    /// What the forking thread needs and reports back.
    private final class ForkJob {
        let body: () -> Int32
        var pid: pid_t = -1
        var error: Int32 = 0
        init(_ body: @escaping () -> Int32) { self.body = body }

        /// On the new thread: forks; the child runs `body` and exits.
        func run() {
            let forked = Glibc.fork()
            if forked == 0 {
                _ = setsid()
                let status = body()
                fflush(nil)
                _exit(status)
            }
            pid = forked
            if forked < 0 { error = errno }
        }
    }

    /// Runs `job` on a new thread and waits for it; 0, or the `pthread_create` error.
    private static func runOnNewThread(_ job: ForkJob) -> Int32 {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, childStackSize)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { context in
            Unmanaged<ForkJob>.fromOpaque(context!).takeUnretainedValue().run()
            return nil
        }, context)
        if created != 0 {
            Unmanaged<ForkJob>.fromOpaque(context).release()
            return created
        }
        pthread_join(thread, nil)
        Unmanaged<ForkJob>.fromOpaque(context).release()
        return 0
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
