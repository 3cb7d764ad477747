#if canImport(Glibc)
import Glibc
#endif

/// Runs an interactive shell on a console while the menu waits.
public enum ShellRunner {
    /// Starts `path` with the console as its standard input, output and error, in a new
    /// session, and waits for it to end.
    /// - Returns: the wait status, or nil when it could not be started.
    /// The corresponding C functions are `posix_spawn` and `waitpid`.
    public static func run(_ path: String, on console: Console) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, console.inputFD, 0)
        posix_spawn_file_actions_adddup2(&actions, console.outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, console.outputFD, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26) | POSIX_SPAWN_SETSIGDEF.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | 0x04))
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("TERM=\(console.terminalType)"), strdup("PATH=/bin:/sbin:/usr/bin:/usr/sbin"), nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, &attributes, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}
