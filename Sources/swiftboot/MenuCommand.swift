#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import BootMenu
import Credentials
import LinuxSystem
import TerminalUI

/// `swiftboot menu [--dry-run] [--timeout N] [--policy FILE] [--fs SPEC]... [PATH]...`: the
/// real menu on this terminal over directories (or images); with `--dry-run`, booting
/// prints the plan. `--policy` applies a locked-down policy file as the initramfs's would.
enum MenuCommand {
    static func run(_ args: [String]) -> Int32 {
        var dryRun = false
        var timeout: Int?? = nil
        var volumeArgs = VolumeArguments()
        var policyPath: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--dry-run" {
                dryRun = true
            } else if a == "--policy" {
                i += 1
                guard i < args.count else { Usage.fail("--policy needs a file") }
                policyPath = args[i]
            } else if a == "--timeout" || a.hasPrefix("--timeout=") {
                var value: String?
                if a == "--timeout" {
                    i += 1
                    value = i < args.count ? args[i] : nil
                } else {
                    value = String(a.dropFirst(10))
                }
                guard let n = value.flatMap({ Int($0) }) else { Usage.fail("--timeout needs a number of seconds (-1: wait forever)") }
                timeout = .some(n < 0 ? nil : n)
            } else if !volumeArgs.take(args, at: &i) {
                Usage.fail("unknown option '\(a)' for menu")
            }
            i += 1
        }
        if volumeArgs.specs.isEmpty { Usage.fail("menu needs at least one PATH or --fs") }
        // On the host the menu only shows what it would boot: a kexec here would replace
        // the running system.
        guard dryRun else { return fail("menu: without --dry-run it would kexec this machine; use --dry-run on a host") }
        guard isatty(0) == 1, isatty(1) == 1 else { return fail("menu: standard input and output must be a terminal") }

        // The log screen shows what would have gone to stderr under the menu.
        Log.consoleEnabled = false
        defer { Log.consoleEnabled = true }
        let volumes: [Volume]
        do {
            volumes = try volumeArgs.volumes(openDevice: HostDevices.open)
        } catch {
            return fail("\(error)")
        }
        defer { HostDevices.closeAll() }
        let scanned = MenuScan.scan(volumes)

        let unicode = TextLocale.selectUTF8()
        var types: [String] = []
        if let t = getenv("TERM").map({ String(cString: $0) }), !t.isEmpty { types.append(t) }
        types += ["xterm-256color", "xterm", "vt100"]
        let console: Console
        do {
            console = try Console(name: "terminal", inputFD: 0, outputFD: 1, terminalTypes: types,
                                  unicodeLocale: unicode, askSize: true)
        } catch {
            return fail("menu: \(error)")
        }
        let shell = "/bin/sh"
        var options = MenuOptions(timeoutOverride: timeout, shellAvailable: access(shell, X_OK) == 0, allowQuit: true)
        if let policyPath {
            guard FileSystem.exists(policyPath) else { return fail("menu: --policy \(policyPath): no such file") }
            options.policy = PolicyGate.load(policyPath, kernel: KernelOptions())
        }
        var model = MenuModel(menu: scanned.menu, devices: scanned.devices, options: options, now: MonotonicClock.milliseconds())
        model.passwordChecker = PasswordChecker()
        let session = MenuSession(model: model, consoles: [console])
        session.logLines = { Log.lines() }
        let status = session.run { effect, session in
            switch effect {
            case .boot(let plan, let reason):
                if let refusal = PolicyGate.refusal(plan, volume: volumes.first(where: { $0.name == plan.entry.fs }),
                                                    policy: session.model.options.policy) {
                    Log.error("boot: " + refusal)
                    session.model.bootFailed(refusal)
                    return .proceed
                }
                Log.info("boot (\(reason.rawValue)): '\(plan.entry.title)' " + plan.summary)
                session.close()
                print(plan.summary)
                return .exit(0)
            case .rescan:
                // The trees read the files afresh; images stay attached as they are.
                let again = MenuScan.scan(volumes)
                session.model.update(menu: again.menu, devices: again.devices)
                session.model.status = "Rescanned: \(again.menu.entries.count) entries."
                return .proceed
            case .shell:
                session.suspend()
                _ = ShellRunner.run(shell, on: console)
                session.resume()
                return .proceed
            case .unlock(_, var passphrase):
                // No locked volume is listed here (it scans directories and images).
                SecretBytes.wipe(&passphrase)
                session.model.unlockFailed("Encrypted volumes are opened by the boot menu only.", wrongPassphrase: false)
                return .proceed
            case .quit:
                return .exit(0)
            case .log(let line):
                Log.info("menu: " + line)
                return .proceed
            }
        }
        session.close()
        return status
    }
}

/// Scanning volumes for the menu, with the config errors logged.
enum MenuScan {
    static func scan(_ volumes: [Volume], loaderVariables: LoaderVariables? = nil, size: (Volume) -> UInt64? = { _ in nil },
                     model: (Volume) -> String? = { _ in nil }) -> (menu: ConfigMenu, devices: [MenuDevice]) {
        let menu = Scanner.scan(ScanContext(volumes: volumes, loaderVariables: loaderVariables))
        for e in menu.errors { Log.error("config: \(e.description)") }
        Log.info("menu: \(menu.entries.count) entries on \(volumes.count) filesystem(s)")
        let devices = volumes.map { MenuDevice(volume: $0, model: model($0), size: size($0)) }
        return (menu, devices)
    }
}
