#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import Devices
import Kexec
import LinuxSystem

/// `swiftboot init`: PID 1. Sets the system up (`InitPlan`), loads drivers, then runs
/// the menu (`/init ui`) as a child forever: restarting it when it fails, handing over
/// to a loaded kernel when it exits with `ExitStatus.handOff`. Never returns.
/// `swiftboot init --plan` prints the set-up steps instead (anywhere, no root needed).
enum InitCommand {
    static func run(_ args: [String]) -> Int32 {
        if args == ["--plan"] {
            let cmdline = (try? FileSystem.readText("/proc/cmdline")) ?? ""
            for step in InitPlan.steps(KernelOptions.parse(cmdline)) { print(step.description) }
            return 0
        }
        guard args.isEmpty else { Usage.fail("init takes no arguments but --plan") }
        guard getpid() == 1 else { return fail("init must run as PID 1 (--plan prints its steps)") }
        LoaderVariableStore.startMicroseconds = LoaderVariableStore.bootTimeMicroseconds()
        setUp()
        supervise()
    }

    /// Mounts, console, options, drivers. Failures are logged and set-up goes on.
    private static func setUp() {
        // Debug logging is known only once /proc/cmdline is readable: report these after.
        let done = InitPlan.baseSystem().filter { perform($0, logSuccess: false) }
        let cmdline = (try? FileSystem.readText("/proc/cmdline"))?.trimmingNewline ?? ""
        let options = KernelOptions.parse(cmdline)
        Log.debugEnabled = options.debug
        for step in done { Log.debug("init: \(step)") }
        for step in InitPlan.configuration(options) { perform(step) }
        Log.info("PID 1 up; kernel command line: \(cmdline)")
        for word in options.unknown { Log.info("unknown option '\(word)' ignored") }
        let lockdown = Lockdown.current()
        if lockdown.isLocked {
            Log.info("kexec: the running kernel is locked down (lockdown=\(lockdown.rawValue)): kexec_load is refused, so the segments method is never used\(options.kexecMethod == .segments ? " (swiftboot.kexec=segments is ignored)" : ""); kexec_file_load takes only kernels signed by a key in the kernel's keyrings")
        }
        ModuleLoader.coldplug()
        NetworkInterfaces.logPresent()
        LoaderVariableStore.mount()
    }

    @discardableResult
    private static func perform(_ step: any InitStep, logSuccess: Bool = true) -> Bool {
        do {
            try step.run()
            if logSuccess { Log.debug("init: \(step)") }
            return true
        } catch {
            Log.error("init: \(step): \(error)")
            return false
        }
    }

    /// Runs the menu process forever.
    private static func supervise() -> Never {
        var policy = RestartPolicy()
        while true {
            let started = monotonicSeconds()
            let termination = runMenuOnce()
            if termination == .exited(ExitStatus.handOff) {
                Log.info("menu loaded a kernel: handing over")
                handOff()
                policy.reset()
                continue
            }
            Log.error("menu " + (termination.map { "\($0)" } ?? "could not be started") + "; starting it again")
            if policy.failed(afterSeconds: monotonicSeconds() - started) == .askUser {
                askUser()
            }
        }
    }

    /// Runs the menu (`UICommand`, as `/init ui` would) in a forked child and reaps
    /// children until it ends; nil when it could not start. Forking without exec spares
    /// the menu a second start of this binary (noticeable before the menu on slow machines).
    private static func runMenuOnce() -> ChildProcess.Termination? {
        let pid: pid_t
        do {
            pid = try ChildProcess.fork { UICommand.run([]) }
        } catch {
            Log.error("start menu: \(error)")
            return nil
        }
        Log.debug("menu started as process \(pid)")
        while true {
            guard let (reaped, termination) = ChildProcess.reapAny() else { return nil }
            if reaped == pid { return termination }
            Log.debug("reaped process \(reaped): \(termination)")
        }
    }

    /// Runs the kexec hand-off; on failure the menu shows why (`/run/swiftboot/last-error`).
    private static func handOff() {
        let error = Handoff.perform()
        let message = "\(error)"
        Log.error("hand-off failed: \(message)")
        try? writeFile(InitPlan.stateDirectory + "/last-error", message + "\n")
    }

    /// The menu keeps failing: ask on the console what to do.
    private static func askUser() {
        Log.error("the menu failed 3 times in a row")
        while true {
            writeConsole("\nswiftboot: the boot menu keeps failing. [r]etry [b]reboot [p]oweroff: ")
            guard let key = FileDescriptor.standardInput.readKeyPress() else {
                // No console to ask on: wait, then try the menu again.
                sleep(10)
                return
            }
            if key >= 0x20 && key < 0x7f { writeConsole(String(UnicodeScalar(key)) + "\n") }
            switch key {
            case UInt8(ascii: "r"), UInt8(ascii: "R"):
                return
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                finish(.restart)
            case UInt8(ascii: "p"), UInt8(ascii: "P"):
                finish(.powerOff)
            default:
                continue
            }
        }
    }

    private static func finish(_ command: Reboot.Command) {
        Log.info(command == .restart ? "rebooting" : "powering off")
        sync()
        do { try Reboot.reboot(command) } catch { Log.error("\(error)") }
    }

    private static func writeConsole(_ text: String) {
        try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }

    private static func writeFile(_ path: String, _ text: String) throws(SystemError) {
        let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate])
        defer { fd.close() }
        try fd.writeAll(Array(text.utf8))
    }

    private static func monotonicSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec)
    }
}

private extension String {
    var trimmingNewline: String {
        var s = self
        while s.hasSuffix("\n") || s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
