import BootConfig
import Cpio
import Foundation

/// Builds the archive from the options: layout, /init, extra files, terminfo, modules.
struct Staging {
    let options: Options
    var archive = Archive()
    /// Lines for the summary printed on stderr.
    var notes: [String] = []

    init(options: Options) { self.options = options }

    mutating func build() throws -> [UInt8] {
        for layout in options.layouts { try addLayout(layout) }
        if let initBinary = options.initBinary {
            try archive.addFile("init", contents: try HostFiles.read(initBinary), permissions: 0o755)
        }
        for file in options.extraFiles {
            try archive.addFile(file.destination, contents: try HostFiles.read(file.source),
                                permissions: file.permissions)
        }
        if let policy = options.policy { try addPolicy(policy) }
        for name in options.terminfoNames { try addTerminfo(name) }
        if let moduleDirectory = options.moduleDirectory { try addModules(from: moduleDirectory) }
        if options.digest { try archive.addContentDigest() }
        return archive.newcBytes(mtime: options.mtime)
    }

    private mutating func addLayout(_ path: String) throws {
        let items = try Layout.parse(try HostFiles.text(path), file: path)
        let base = (path as NSString).deletingLastPathComponent
        for item in items {
            try archive.add(item) { source in
                try HostFiles.read(source.hasPrefix("/") ? source : base + "/" + source)
            }
        }
    }

    /// Stores a policy file as /etc/swiftboot/policy after parsing it as swiftboot will:
    /// a policy that would lock the machine by mistake is refused here.
    private mutating func addPolicy(_ path: String) throws {
        let text = try HostFiles.text(path)
        do {
            let policy = try BootPolicy.parse(text, origin: path)
            notes.append("policy \(path): \(policy.password == nil ? "no password" : "password for '\(policy.user)'"), "
                         + "edit \(policy.editAllowed ? "on" : "off"), shell \(policy.shellAllowed ? "on" : "off"), "
                         + "\(policy.allowLists.isEmpty ? "no allow-list" : "allow-list")")
        } catch {
            throw ToolError("\(error)")
        }
        try archive.addFile("etc/swiftboot/policy", contents: Array(text.utf8), permissions: 0o644)
    }

    /// Stores the compiled entry `name` as /usr/share/terminfo/<first letter>/<name>.
    private mutating func addTerminfo(_ name: String) throws {
        guard let first = name.first else { return }
        for directory in options.terminfoDirectories {
            let candidate = "\(directory)/\(first)/\(name)"
            if HostFiles.exists(candidate) {
                try archive.addFile("usr/share/terminfo/\(first)/\(name)", contents: try HostFiles.read(candidate))
                return
            }
        }
        throw ToolError("terminfo entry '\(name)' not found in \(options.terminfoDirectories.joined(separator: ", "))")
    }

    /// Copies the wanted modules with their dependencies, soft dependencies (from
    /// `modules.softdep` and each module's `softdep=` modinfo) and declared firmware, and
    /// the index files cut down to them.
    private mutating func addModules(from directory: String) throws {
        var wanted = options.modules
        for list in options.moduleLists { wanted += try HostFiles.list(list) }
        let depPath = directory + "/modules.dep"
        guard HostFiles.exists(depPath) else {
            throw ToolError("\(depPath) missing (run depmod -b ROOT VERSION first)")
        }
        let depText = try HostFiles.text(depPath)
        let index = KernelModules(modulesDep: depText)
        let aliasText = HostFiles.exists(directory + "/modules.alias") ? try HostFiles.text(directory + "/modules.alias") : ""
        var softdeps = HostFiles.exists(directory + "/modules.softdep")
            ? SoftDependencies.table(parsing: try HostFiles.text(directory + "/modules.softdep")) : [:]
        var infos: [String: ModuleInfo] = [:]
        var infoErrors: [String] = []
        func info(_ name: String) -> ModuleInfo? {
            if let known = infos[name] { return known }
            guard let path = index.paths[name] else { return nil }
            do {
                guard let found = ModuleInfo(elf: try HostFiles.readModule("\(directory)/\(path)")) else {
                    infoErrors.append("\(path): no .modinfo section")
                    return nil
                }
                infos[name] = found
                return found
            } catch {
                infoErrors.append("\(path): \((error as? ToolError)?.message ?? "\(error)")")
                return nil
            }
        }
        let (modules, unknown, unresolved) = index.closure(
            of: wanted, aliases: KernelModules.aliases(parsing: aliasText),
            softDependencies: { name in
                var soft = softdeps[name] ?? SoftDependencies()
                if let declared = info(name)?.softDependencies { soft.merge(declared) }
                if !soft.isEmpty { softdeps[name] = soft }
                return soft
            })
        let builtin = Set(try HostFiles.text(directory + "/modules.builtin").split(separator: "\n")
            .map { KernelModules.name(ofPath: String($0)) })
        let builtIn = unknown.filter { builtin.contains($0) }
        let absent = unknown.filter { !builtin.contains($0) }
        if !builtIn.isEmpty { notes.append("modules built into the kernel: \(builtIn.joined(separator: " "))") }
        if !absent.isEmpty { notes.append("modules not in this kernel: \(absent.joined(separator: " "))") }
        if !unresolved.isEmpty { notes.append("soft dependencies with no module (built in or absent): \(unresolved.joined(separator: ", "))") }
        if !infoErrors.isEmpty { notes.append("modinfo unreadable: \(infoErrors.joined(separator: "; "))") }
        let version = (directory as NSString).lastPathComponent
        let target = "lib/modules/\(version)"
        for name in modules {
            guard let path = index.paths[name] else { continue }
            try archive.addFile("\(target)/\(path)", contents: try HostFiles.read("\(directory)/\(path)"))
        }
        let kept = Set(modules)
        try archive.addFile("\(target)/modules.dep",
                            contents: Array(KernelModules.filterDep(depText, keeping: kept).utf8))
        try archive.addFile("\(target)/modules.softdep",
                            contents: Array(KernelModules.softdepText(softdeps, keeping: kept).utf8))
        if !aliasText.isEmpty {
            try archive.addFile("\(target)/modules.alias",
                                contents: Array(KernelModules.filterAlias(aliasText, keeping: kept).utf8))
        }
        if HostFiles.exists("\(directory)/modules.order") {
            try archive.addFile("\(target)/modules.order",
                                contents: Array(KernelModules.filterOrder(try HostFiles.text("\(directory)/modules.order"), keeping: kept).utf8))
        }
        for file in ["modules.builtin", "modules.builtin.modinfo"] where HostFiles.exists("\(directory)/\(file)") {
            try archive.addFile("\(target)/\(file)", contents: try HostFiles.read("\(directory)/\(file)"))
        }
        notes.append("\(modules.count) modules: \(modules.joined(separator: " "))")
        try addFirmware(for: modules.compactMap { name in info(name).map { (name, $0.firmware) } },
                        moduleDirectory: directory)
    }

    /// Stores the firmware files the carried modules declare under /lib/firmware, from the
    /// first firmware directory that has each (also as `.xz`/`.zst`); notes the missing ones.
    private mutating func addFirmware(for modules: [(name: String, firmware: [String])], moduleDirectory: String) throws {
        // ROOT/lib/modules/VERSION → ROOT/lib/firmware, then the host's.
        let root = ((moduleDirectory as NSString).deletingLastPathComponent as NSString)
            .deletingLastPathComponent
        let directories = options.firmwareDirectories.isEmpty
            ? [root + "/firmware", "/lib/firmware"] : options.firmwareDirectories
        var stored = Set<String>()
        var missing: [String] = []
        for (module, names) in modules {
            for name in names where !stored.contains(name) {
                let found = directories.lazy.flatMap { dir in ["", ".xz", ".zst"].lazy.map { (dir, name + $0) } }
                    .first { HostFiles.exists("\($0.0)/\($0.1)") }
                guard let (dir, file) = found else {
                    missing.append("\(module): \(name)")
                    continue
                }
                try archive.addFile("lib/firmware/\(file)", contents: try HostFiles.read("\(dir)/\(file)"))
                stored.insert(name)
            }
        }
        if !stored.isEmpty { notes.append("\(stored.count) firmware files: \(stored.sorted().joined(separator: " "))") }
        if !missing.isEmpty {
            notes.append("firmware not found in \(directories.joined(separator: ", ")): \(missing.joined(separator: ", "))")
        }
    }
}
