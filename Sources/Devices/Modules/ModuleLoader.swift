#if canImport(Glibc)
import Glibc
#endif
import Cpio
import LinuxSystem

/// Loads kernel modules without udev or modprobe: device modaliases from sysfs matched
/// against `modules.alias`, dependencies from `modules.dep`, soft dependencies from
/// `modules.softdep` (`pre:` loaded before, `post:` after), `finit_module` to load.
public enum ModuleLoader {
    /// `/lib/modules/$(uname -r)`.
    public static var directory: String = {
        var names = utsname()
        uname(&names)
        let release = withUnsafePointer(to: names.release) {
            $0.withMemoryRebound(to: CChar.self, capacity: 65) { String(cString: $0) }
        }
        return "/lib/modules/" + release
    }()

    private static var aliases: ModuleAliases?
    private static var dependencies: ModuleDependencies?
    private static var softDependencies: [String: SoftDependencies] = [:]
    /// Module names already loaded (or found built in) by this process.
    private static var done = Set<String>()

    private static func loadTables() -> (ModuleAliases, ModuleDependencies)? {
        if let aliases, let dependencies { return (aliases, dependencies) }
        do {
            let a = ModuleAliases(parsing: try FileSystem.readText(directory + "/modules.alias"))
            let d = ModuleDependencies(parsing: try FileSystem.readText(directory + "/modules.dep"))
            // Older images (and kernels without soft dependencies) have no modules.softdep.
            if let text = try? FileSystem.readText(directory + "/modules.softdep") {
                softDependencies = SoftDependencies.table(parsing: text)
            }
            aliases = a
            dependencies = d
            return (a, d)
        } catch {
            Log.debug("modules: no module tables: \(error)")
            return nil
        }
    }

    /// Loads the modules every present device asks for, each device's set in its own
    /// worker process (at most `workers` at once), so a driver whose probe is slow (an
    /// empty CD-ROM drive behind AHCI, a USB controller) never holds up another's (NVMe).
    /// Whenever a worker ends, devices that appeared meanwhile (a virtio-pci bridge brings
    /// virtio block devices) get their own workers. Returns when no worker is left.
    /// Drivers of devices that may bring disks go first: a device that brings none (a
    /// network card, `DiskFamily`) gets its worker once no disk driver is left to start.
    /// `pending` is called with the modaliases of the devices whose drivers are not
    /// loaded yet whenever that set changes (last with none).
    /// Only for single-threaded callers (forks). No `add` events are replayed: the menu
    /// opens its uevent socket before its first scan and sees later devices as events.
    public static func coldplug(workers: Int = 8, pending: ([String]) -> Void = { _ in }) {
        guard let (aliases, _) = loadTables() else {
            pending([])
            return
        }
        let started = milliseconds()
        var seenAliases = Set<String>()
        var startedModules = Set<String>()
        var running: [pid_t: ColdplugJob] = [:]
        var jobs: [ColdplugJob] = []
        var reported: [String]?
        while true {
            // New devices: one job per modalias, for the modules no earlier job took.
            for alias in deviceModaliases() where seenAliases.insert(alias).inserted {
                let modules = aliases.modules(for: alias).filter { !done.contains($0) && startedModules.insert($0).inserted }
                if !modules.isEmpty { jobs.append(ColdplugJob(alias: alias, modules: modules)) }
            }
            while running.count < max(workers, 1), let next = ColdplugJob.next(jobs, running: Array(running.values)) {
                let job = jobs.remove(at: next)
                do {
                    let pid = try ChildProcess.fork {
                        for module in job.modules { _ = loadModule(module) }
                        return 0
                    }
                    running[pid] = job
                    Log.debug("modules: worker \(pid) loads \(job.modules.joined(separator: " ")) for \(job.alias)")
                } catch {
                    // No process to spare: load here, in turn.
                    Log.error("modules: \(error); loading \(job.modules.joined(separator: " ")) in turn")
                    for module in job.modules { _ = loadModule(module) }
                }
            }
            let unfinished = (running.values.map(\.alias) + jobs.map(\.alias)).sorted()
            if unfinished != reported {
                pending(unfinished)
                reported = unfinished
            }
            guard !running.isEmpty else { break }
            guard let (pid, termination) = ChildProcess.reapAny() else { break }
            if let job = running.removeValue(forKey: pid) {
                Log.debug("modules: worker \(pid) (\(job.modules.joined(separator: " "))) \(termination) after \(milliseconds() - started) ms")
            }
        }
        if reported != [] { pending([]) }
        Log.info("modules: coldplug done in \(milliseconds() - started) ms: \(startedModules.count) device driver(s) for \(seenAliases.count) device(s)\(startedModules.isEmpty ? "" : ": " + startedModules.sorted().joined(separator: " "))")
    }

    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Workers started by `loadDetached` and not yet reaped.
    private static var detachedWorkers: Set<pid_t> = []

    /// Loads the modules of these aliases (device modaliases from `add` events) in a
    /// worker process, so the caller (the menu) never waits for a driver's probe. Reaps
    /// the workers that ended since the last call. Only for single-threaded callers.
    public static func loadDetached(_ aliases: [String]) {
        for pid in detachedWorkers {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) != 0 { detachedWorkers.remove(pid) }
        }
        guard loadTables() != nil else { return }
        let modules = aliases.flatMap(resolve).filter { done.insert($0).inserted }
        guard !modules.isEmpty else { return }
        do {
            let pid = try ChildProcess.fork {
                for module in modules {
                    done.remove(module)
                    _ = loadModule(module)
                }
                return 0
            }
            detachedWorkers.insert(pid)
            Log.debug("modules: worker \(pid) loads \(modules.joined(separator: " "))")
        } catch {
            Log.error("modules: \(error); loading \(modules.joined(separator: " ")) here")
            for module in modules {
                done.remove(module)
                _ = loadModule(module)
            }
        }
    }

    /// Module names for an alias (a modalias or `fs-vfat`), or the name itself when it is a module.
    public static func resolve(_ alias: String) -> [String] {
        guard let (aliases, dependencies) = loadTables() else { return [] }
        let matches = aliases.modules(for: alias)
        if !matches.isEmpty { return matches }
        let name = ModuleDependencies.normalize(alias)
        return dependencies.files[name] != nil ? [name] : []
    }

    /// Loads a module (by name or alias) with its dependencies and soft dependencies.
    /// Returns whether something new was loaded; failures are logged.
    @discardableResult
    public static func load(_ nameOrAlias: String) -> Bool {
        load(nameOrAlias, parameters: "")
    }

    /// `load(_:)` with `parameters` given to the module and to every module it pulls in.
    @discardableResult
    static func load(_ nameOrAlias: String, parameters: String) -> Bool {
        guard loadTables() != nil else { return false }
        var any = false
        for module in resolve(nameOrAlias) where loadModule(module, parameters: parameters) { any = true }
        return any
    }

    /// Loads one module: its `pre:` soft dependencies, its dependencies (each with its own
    /// soft dependencies), the module, then its `post:` soft dependencies.
    private static func loadModule(_ name: String, parameters: String = "") -> Bool {
        guard let (_, dependencies) = loadTables(), done.insert(name).inserted else { return false }
        var any = false
        let soft = softDependencies[name] ?? SoftDependencies()
        for target in soft.pre where load(target, parameters: parameters) { any = true }
        // modules.dep lists dependencies in reverse load order.
        for dependency in (dependencies.dependencies[name] ?? []).reversed()
        where loadModule(dependency, parameters: parameters) { any = true }
        if let file = dependencies.files[name] {
            do {
                switch try KernelModule.load(path: directory + "/" + file, parameters: parameters) {
                case .loaded:
                    Log.debug("modules: loaded \(name)")
                    any = true
                case .alreadyLoaded:
                    break
                }
            } catch {
                Log.error("modules: \(error)")
            }
        }
        for target in soft.post where load(target, parameters: parameters) { any = true }
        return any
    }

    /// Loads what a filesystem type needs before mounting it, unless the kernel has it.
    public static func loadFilesystem(_ fsType: String) {
        if kernelFilesystems().contains(fsType) && fsType != "vfat" { return }
        // `async_probe`: the kernel runs every module's init and then, unless this is
        // given, waits for all asynchronous work in the system (async_synchronize_full in
        // do_init_module): a filesystem module loaded while a SATA controller probes its
        // ports or a CD-ROM is scanned waits for them. A filesystem has no device to probe.
        for module in FilesystemModules.modules(for: fsType) { load(module, parameters: FilesystemModules.loadParameters) }
    }

    /// Filesystem types the running kernel supports now (/proc/filesystems).
    public static func kernelFilesystems() -> Set<String> {
        guard let text = try? FileSystem.readText("/proc/filesystems") else { return [] }
        return Set(text.split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) })
    }

    /// The modalias of every device that has one. Only devices on a bus have a modalias,
    /// so `/sys/bus/*/devices/*` lists them all, without walking every sysfs directory
    /// (thousands, and slow before the menu on a small machine).
    public static func deviceModaliases() -> [String] {
        var result: [String] = []
        for bus in directoryNames("/sys/bus") {
            let devices = "/sys/bus/" + bus + "/devices"
            for name in directoryNames(devices) {
                guard let text = try? FileSystem.readText(devices + "/" + name + "/modalias"),
                      let alias = text.split(separator: "\n").first, !alias.isEmpty else { continue }
                result.append(String(alias))
            }
        }
        return result
    }

    /// The names in a directory, sorted (links included: bus device lists are links).
    private static func directoryNames(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
