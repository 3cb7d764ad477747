#if canImport(Glibc)
import Glibc
#endif
import Devices
import LinuxSystem

/// PID 1's coldplug in its own process, so the menu probes the disks already there while
/// the other drivers still load. The menu learns from a pipe: the coldplug process (and
/// its workers) hold the write end; coldplug writes a `ColdplugReport` line whenever the
/// set of drivers still loading changes (which disk names they may bring); end of file =
/// every driver loaded.
enum DriverLoading {
    /// The read end of the pipe (inherited by the forked menu); -1 when coldplug ran
    /// in PID 1 itself (no pipe or no fork) and is over.
    nonisolated(unsafe) static var doneFD: Int32 = -1
    /// Disk name prefixes the drivers still loading may bring, as last reported; nil
    /// until the first report, or when one of them is of an unknown kind.
    nonisolated(unsafe) static var pendingDiskPrefixes: [String]?
    /// End of file seen: every driver is loaded.
    nonisolated(unsafe) private static var finished = false
    nonisolated(unsafe) private static var unread: [UInt8] = []

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
                ModuleLoader.coldplug { aliases in
                    let line = ColdplugReport.line(DiskFamily.prefixes(modaliases: aliases))
                    // The menu may be gone (it booted): a closed pipe is no error here.
                    _ = try? FileDescriptor(rawValue: fds[1]).writeAll(Array(line.utf8))
                }
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

    /// Whether coldplug still runs (reads its reports without waiting).
    static var pending: Bool {
        readReports(wait: false)
        return !finished
    }

    /// Reads the reports waiting on the pipe (with `wait`, blocks until one arrives or
    /// the end); returns whether coldplug is over.
    @discardableResult
    static func readReports(wait: Bool) -> Bool {
        guard doneFD >= 0, !finished else { return true }
        var p = pollfd(fd: doneFD, events: Int16(POLLIN), revents: 0)
        var timeout: Int32 = wait ? -1 : 0
        while true {
            let ready = poll(&p, 1, timeout)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            var chunk = [UInt8](repeating: 0, count: 512)
            let n = read(doneFD, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                // End of file (or a broken pipe, which ends the same way).
                finished = true
                pendingDiskPrefixes = []
                return true
            }
            unread += chunk[..<n]
            if let latest = ColdplugReport.take(&unread) { pendingDiskPrefixes = latest }
            timeout = 0
        }
    }

    /// Waits until coldplug is done (the kexec chain test scans once, with every disk).
    static func wait() {
        while !readReports(wait: true) {}
    }

    /// Closes this process's copy of the read end (the menu, once it saw the end).
    static func forget() {
        guard doneFD >= 0 else { return }
        close(doneFD)
        doneFD = -1
    }
}
