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

    /// Copies the wanted modules, their dependencies and the filtered index files.
    private mutating func addModules(from directory: String) throws {
        var wanted = options.modules
        for list in options.moduleLists { wanted += try HostFiles.list(list) }
        let depPath = directory + "/modules.dep"
        guard HostFiles.exists(depPath) else {
            throw ToolError("\(depPath) missing (run depmod -b ROOT VERSION first)")
        }
        let depText = try HostFiles.text(depPath)
        let index = KernelModules(modulesDep: depText)
        let (modules, unknown) = index.closure(of: wanted)
        let builtin = Set(try HostFiles.text(directory + "/modules.builtin").split(separator: "\n")
            .map { KernelModules.name(ofPath: String($0)) })
        let builtIn = unknown.filter { builtin.contains($0) }
        let absent = unknown.filter { !builtin.contains($0) }
        if !builtIn.isEmpty { notes.append("modules built into the kernel: \(builtIn.joined(separator: " "))") }
        if !absent.isEmpty { notes.append("modules not in this kernel: \(absent.joined(separator: " "))") }
        let version = (directory as NSString).lastPathComponent
        let target = "lib/modules/\(version)"
        for name in modules {
            guard let path = index.paths[name] else { continue }
            try archive.addFile("\(target)/\(path)", contents: try HostFiles.read("\(directory)/\(path)"))
        }
        let kept = Set(modules)
        try archive.addFile("\(target)/modules.dep",
                            contents: Array(KernelModules.filterDep(depText, keeping: kept).utf8))
        for (file, filter) in [("modules.alias", KernelModules.filterAlias),
                               ("modules.order", KernelModules.filterOrder)] {
            let path = "\(directory)/\(file)"
            guard HostFiles.exists(path) else { continue }
            try archive.addFile("\(target)/\(file)", contents: Array(filter(try HostFiles.text(path), kept).utf8))
        }
        for file in ["modules.builtin", "modules.builtin.modinfo"] where HostFiles.exists("\(directory)/\(file)") {
            try archive.addFile("\(target)/\(file)", contents: try HostFiles.read("\(directory)/\(file)"))
        }
        notes.append("\(modules.count) modules: \(modules.joined(separator: " "))")
    }
}
