#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// Loads kernel modules without udev or modprobe: device modaliases from sysfs matched
/// against `modules.alias`, dependencies from `modules.dep`, `finit_module` to load.
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
    /// Module names already loaded (or found built in) by this process.
    private static var done = Set<String>()

    private static func loadTables() -> (ModuleAliases, ModuleDependencies)? {
        if let aliases, let dependencies { return (aliases, dependencies) }
        do {
            let a = ModuleAliases(parsing: try FileSystem.readText(directory + "/modules.alias"))
            let d = ModuleDependencies(parsing: try FileSystem.readText(directory + "/modules.dep"))
            aliases = a
            dependencies = d
            return (a, d)
        } catch {
            Log.debug("modules: no module tables: \(error)")
            return nil
        }
    }

    /// Loads the modules every present device asks for, repeating while loading makes new
    /// devices appear (a virtio-pci bridge brings virtio block devices), then replays
    /// `add` events for coldplug. Returns the module names loaded.
    @discardableResult
    public static func coldplug() -> [String] {
        guard loadTables() != nil else { return [] }
        var loaded: [String] = []
        var seen = Set<String>()
        for _ in 0..<5 {
            let fresh = deviceModaliases().filter { seen.insert($0).inserted }
            if fresh.isEmpty { break }
            var loadedThisRound = false
            for alias in fresh {
                for module in resolve(alias) where load(module) {
                    loaded.append(module)
                    loadedThisRound = true
                }
            }
            if !loadedThisRound { break }
        }
        triggerAdd()
        Log.info("modules: coldplug loaded \(loaded.count) module(s)\(loaded.isEmpty ? "" : ": " + loaded.joined(separator: " "))")
        return loaded
    }

    /// Module names for an alias (a modalias or `fs-vfat`), or the name itself when it is a module.
    public static func resolve(_ alias: String) -> [String] {
        guard let (aliases, dependencies) = loadTables() else { return [] }
        let matches = aliases.modules(for: alias)
        if !matches.isEmpty { return matches }
        let name = ModuleDependencies.normalize(alias)
        return dependencies.files[name] != nil ? [name] : []
    }

    /// Loads a module (by name or alias) and its dependencies. Returns whether something
    /// new was loaded; failures are logged.
    @discardableResult
    public static func load(_ nameOrAlias: String) -> Bool {
        guard let (_, dependencies) = loadTables() else { return false }
        var any = false
        for module in resolve(nameOrAlias) {
            guard !done.contains(module) else { continue }
            for file in dependencies.loadOrder(for: module) {
                let name = ModuleDependencies.moduleName(file)
                guard done.insert(name).inserted else { continue }
                let path = directory + "/" + file
                do {
                    switch try KernelModule.load(path: path) {
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
            done.insert(module)
        }
        return any
    }

    /// Loads what a filesystem type needs before mounting it, unless the kernel has it.
    public static func loadFilesystem(_ fsType: String) {
        if kernelFilesystems().contains(fsType) && fsType != "vfat" { return }
        for module in FilesystemModules.modules(for: fsType) { load(module) }
    }

    /// Filesystem types the running kernel supports now (/proc/filesystems).
    public static func kernelFilesystems() -> Set<String> {
        guard let text = try? FileSystem.readText("/proc/filesystems") else { return [] }
        return Set(text.split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) })
    }

    /// Every `modalias` under /sys/devices (without following symlinks).
    public static func deviceModaliases() -> [String] {
        var result: [String] = []
        walkSysfs("/sys/devices") { dir in
            if let text = try? FileSystem.readText(dir + "/modalias") {
                let alias = text.split(separator: "\n").first.map(String.init) ?? ""
                if !alias.isEmpty { result.append(alias) }
            }
        }
        return result
    }

    /// Writes `add` to the uevent file of every device that has a modalias.
    private static func triggerAdd() {
        walkSysfs("/sys/devices") { dir in
            guard FileSystem.exists(dir + "/modalias") else { return }
            try? FileSystem.writeText("add", to: dir + "/uevent")
        }
    }

    /// Calls `visit` for `root` and every directory below it, not following symlinks.
    static func walkSysfs(_ root: String, _ visit: (String) -> Void) {
        visit(root)
        guard let dir = opendir(root) else { return }
        var children: [String] = []
        while let entry = readdir(dir) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { children.append(name) }
        }
        closedir(dir)
        for child in children { walkSysfs(root + "/" + child, visit) }
    }
}
