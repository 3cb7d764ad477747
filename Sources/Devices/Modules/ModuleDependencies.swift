/// The `modules.dep` table: each module's file and the modules it needs.
public struct ModuleDependencies: Sendable {
    /// Module file (relative to the modules directory) by module name.
    public private(set) var files: [String: String] = [:]
    /// Dependency names by module name, as listed (reverse load order).
    public private(set) var dependencies: [String: [String]] = [:]

    /// Parses `modules.dep` text: `kernel/fs/fat/vfat.ko.xz: kernel/fs/fat/fat.ko.xz`.
    public init(parsing text: String) {
        for line in text.split(whereSeparator: { $0 == "\n" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let file = String(line[..<colon])
            let name = ModuleDependencies.moduleName(file)
            files[name] = file
            dependencies[name] = line[line.index(after: colon)...]
                .split(separator: " ", omittingEmptySubsequences: true)
                .map { ModuleDependencies.moduleName(String($0)) }
        }
    }

    /// The module name of a file: base name without `.ko[.xz|.zst|.gz]`, `-` as `_`.
    public static func moduleName(_ file: String) -> String {
        var base = Substring(file.split(separator: "/").last ?? Substring(file))
        for suffix in [".xz", ".zst", ".gz"] where base.hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        if base.hasSuffix(".ko") { base = base.dropLast(3) }
        return normalize(String(base))
    }

    /// Module names normalized the same way (`-` and `_` are the same in module names).
    public static func normalize(_ name: String) -> String { String(name.map { $0 == "-" ? "_" : $0 }) }

    /// The files to load for `module`, dependencies first; empty when the module is not
    /// in the table (built in, or not shipped).
    public func loadOrder(for module: String) -> [String] {
        var order: [String] = []
        var visited = Set<String>()
        visit(ModuleDependencies.normalize(module), &order, &visited)
        return order
    }

    private func visit(_ name: String, _ order: inout [String], _ visited: inout Set<String>) {
        guard visited.insert(name).inserted, let file = files[name] else { return }
        // modules.dep lists dependencies in reverse load order: load from the end.
        for dep in (dependencies[name] ?? []).reversed() { visit(dep, &order, &visited) }
        order.append(file)
    }
}
