#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import LinuxSystem

/// A lock shared with a forked child.
private final class Shared: @unchecked Sendable {
    let lock = Mutex<Int>(0)
}

/// Starts `body` on a new thread; join with `pthread_join`.
private func startThread(_ body: @escaping () -> Void) -> pthread_t {
    final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
    var thread = pthread_t()
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    let created = pthread_create(&thread, nil, { context in
        let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
        box.body()
        return nil
    }, context)
    precondition(created == 0, "pthread_create: \(created)")
    return thread
}

@Suite struct ForkTests {
    /// The menu's case: the parent used a Mutex on the thread it forks from, and in the
    /// child the main thread holds a Mutex while another thread waits for it (a futex
    /// with a waiter, unlocked by the owner's thread id). With the fork made on the
    /// caller's thread the child died of "Call to unlock Mutex on a thread which hasn't
    /// acquired the lock" (SIGILL); it must exit normally.
    @Test func aForkedChildCanContendForAMutex() throws {
        let shared = Shared()
        shared.lock.withLock { $0 += 1 }  // this thread's id is now cached
        let pid = try ChildProcess.fork {
            var waiter = pthread_t()
            shared.lock.withLock { value in
                waiter = startThread { shared.lock.withLock { $0 += 10 } }
                usleep(200_000)  // the other thread now waits in the kernel
                value += 100
            }
            pthread_join(waiter, nil)
            return shared.lock.withLock { $0 } == 111 ? 0 : 1
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(ChildProcess.Termination(waitStatus: status) == .exited(0))
        #expect(shared.lock.withLock { $0 } == 1)  // the parent's copy is untouched
    }

    @Test func theChildExitsWithWhatItsBodyReturns() throws {
        let pid = try ChildProcess.fork { 7 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(ChildProcess.Termination(waitStatus: status) == .exited(7))
    }
}
