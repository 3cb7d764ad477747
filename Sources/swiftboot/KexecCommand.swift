#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import Kexec
import LinuxSystem

/// `swiftboot kexec --kernel F [--initrd F]... [--cmdline S] [--method file|segments]
/// [--reset-devices] [--dry-run|--exec]`: the internal loader on its own, like
/// `kexec -l` (default: load only), `kexec -e` (`--exec`: load, then hand off).
enum KexecCommand {
    struct Options {
        var kernel: String?
        var initrds: [String] = []
        var cmdline = ""
        var method: KexecMethod?
        var resetDevices = false
        var dryRun = false
        var exec = false
        var unload = false
    }

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var i = 0
        func value(_ flag: String) -> String {
            i += 1
            guard i < args.count else { Usage.fail("kexec: \(flag) needs a value") }
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--kernel": o.kernel = value(a)
            case "--initrd": o.initrds.append(value(a))
            case "--cmdline", "--append": o.cmdline = value(a)
            case "--method":
                let m = value(a)
                guard let method = KexecMethod(rawValue: m) else { Usage.fail("kexec: --method is file or segments, not '\(m)'") }
                o.method = method
            case "--reset-devices": o.resetDevices = true
            case "--dry-run": o.dryRun = true
            case "--exec": o.exec = true
            case "--unload": o.unload = true
            default:
                if a.hasPrefix("--kernel=") { o.kernel = String(a.dropFirst(9)) }
                else if a.hasPrefix("--initrd=") { o.initrds.append(String(a.dropFirst(9))) }
                else if a.hasPrefix("--cmdline=") { o.cmdline = String(a.dropFirst(10)) }
                else if a.hasPrefix("--method="), let m = KexecMethod(rawValue: String(a.dropFirst(9))) { o.method = m }
                else { Usage.fail("kexec: unknown argument '\(a)'") }
            }
            i += 1
        }
        if o.dryRun && o.exec { Usage.fail("kexec: --dry-run and --exec exclude each other") }
        if o.kernel == nil && !o.unload { Usage.fail("kexec: --kernel is required") }
        return o
    }

    static func run(_ args: [String]) -> Int32 {
        let o = parse(args)
        if o.unload {
            KexecLoader.unload()
            return 0
        }
        let entry = BootEntry(title: "swiftboot kexec", id: "kexec", source: .bls, config: "",
                              configVolume: "", fs: "", kernel: absolute(o.kernel!),
                              initrds: o.initrds.map(absolute), cmdline: o.cmdline)
        var plan = BootPlan(entry: entry, method: o.method)
        if o.resetDevices { plan.addResetDevices() }
        // Host paths: the volume is the whole host filesystem, named by path alone.
        let volume = Volume(name: "", tree: DirectoryTree(root: "/"), grubDevice: "", root: "/")
        do {
            if o.dryRun {
                for line in try KexecLoader.dryRun(plan, volume: volume) { print(line) }
                return 0
            }
            try KexecLoader.load(plan, volume: volume)
        } catch {
            return fail("kexec: \(error)")
        }
        if o.exec {
            let error = Handoff.perform()
            return fail("kexec: \(error)")
        }
        return 0
    }

    /// `path` made absolute against the working directory.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (cwd == "/" ? "" : cwd) + "/" + path
    }
}
