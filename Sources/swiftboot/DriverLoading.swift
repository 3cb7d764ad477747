#if canImport(Glibc)
import Glibc
#endif
import Devices
import LinuxSystem

/// PID 1's coldplug in its own process, so the menu probes the disks already there while
/// the other drivers still load. The menu learns that every driver is loaded from a pipe:
/// the coldplug process (and its workers) hold the write end; end of file = done.
enum DriverLoading {
    /// The read end of the pipe (inherited by the forked menu); -1 when coldplug ran
    /// in PID 1 itself (no pipe or no fork) and is over.
    nonisolated(unsafe) static var doneFD: Int32 = -1

    /// Starts coldplug in a child process; falls back to loading in PID 1 when that fails.
    static func start() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            Log.error("modules: pipe: \(String(cString: strerror(errno))); loading drivers before the menu")
            ModuleLoader.coldplug()
            NetworkInterfaces.logPresent()
            return
        }
        // Neither end may reach a program the menu runs (the shell).
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        do {
            let pid = try ChildProcess.fork {
                close(fds[0])
                ModuleLoader.coldplug()
                NetworkInterfaces.logPresent()
                return 0
            }
            close(fds[1])
            doneFD = fds[0]
            Log.debug("modules: coldplug runs as process \(pid)")
        } catch {
            close(fds[0])
            close(fds[1])
            Log.error("modules: \(error); loading drivers before the menu")
            ModuleLoader.coldplug()
            NetworkInterfaces.logPresent()
        }
    }

    /// Whether coldplug still runs (a poll of the pipe, not waiting).
    static var pending: Bool {
        guard doneFD >= 0 else { return false }
        var p = pollfd(fd: doneFD, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 0
    }

    /// Waits until coldplug is done (the kexec chain test scans once, with every disk).
    static func wait() {
        guard doneFD >= 0 else { return }
        var p = pollfd(fd: doneFD, events: Int16(POLLIN), revents: 0)
        while poll(&p, 1, -1) < 0 && errno == EINTR {}
    }

    /// Closes this process's copy of the read end (the menu, once it saw the end).
    static func forget() {
        guard doneFD >= 0 else { return }
        close(doneFD)
        doneFD = -1
    }
}
