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
    /// devices appear (a virtio-pci bridge brings virtio block devices). Returns the
    /// module names loaded. (No `add` events are replayed: nothing listens yet; the menu
    /// opens its uevent socket later and scans what is there when it starts.)
    @discardableResult
    public static func coldplug() -> [String] {
        guard loadTables() != nil else { return [] }
        Log.debug("modules: tables read")
        var loaded: [String] = []
        var seen = Set<String>()
        for _ in 0..<5 {
            let fresh = deviceModaliases().filter { seen.insert($0).inserted }
            Log.debug("modules: \(fresh.count) new device modalias(es)")
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
