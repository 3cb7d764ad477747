/// The kernel modules index of one kernel (`modules.dep`, `modules.alias`, ...), cut down
/// to the modules an initramfs carries.
///
/// Module names are compared the way modprobe does: `-` and `_` are the same.
public struct KernelModules: Sendable {
    /// Module name → its file relative to `/lib/modules/VERSION` (`kernel/fs/fat/vfat.ko`).
    public private(set) var paths: [String: String] = [:]
    /// Module name → the names of the modules it needs (from `modules.dep`).
    public private(set) var dependencies: [String: [String]] = [:]

    /// Reads the text of `modules.dep` (`kernel/a.ko: kernel/b.ko kernel/c.ko`).
    public init(modulesDep: String) {
        for line in modulesDep.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let path = String(line[..<colon])
            let name = KernelModules.name(ofPath: path)
            paths[name] = path
            dependencies[name] = line[line.index(after: colon)...]
                .split(separator: " ").map { KernelModules.name(ofPath: String($0)) }
        }
    }

    /// `kernel/fs/fat/vfat.ko.xz` → `vfat`; `usb-storage` → `usb_storage`.
    public static func name(ofPath path: String) -> String {
        // Module names have no dots: the name ends at the first one (`.ko`, `.ko.xz`).
        let base = path.split(separator: "/").last ?? ""
        return canonical(String(base.prefix { $0 != "." }))
    }

    /// A module name with `-` written as `_`.
    public static func canonical(_ name: String) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    /// The wanted modules and everything they depend on, sorted; plus the wanted names
    /// that this kernel does not have as modules (built in or absent).
    public func closure(of wanted: [String]) -> (modules: [String], unknown: [String]) {
        let result = closure(of: wanted, aliases: [], softDependencies: { _ in SoftDependencies() })
        return (result.modules, result.unknown)
    }

    /// The wanted modules with their dependencies and soft dependencies (`pre:` and
    /// `post:` names, resolved through `aliases` as modprobe does: `crypto-crc32c` names
    /// every module with that alias), sorted; the wanted names this kernel does not have
    /// as modules; and the soft dependencies that name no module here (built in, or
    /// absent), as `module: name`.
    public func closure(of wanted: [String], aliases: [(pattern: String, module: String)],
                        softDependencies: (String) -> SoftDependencies)
        -> (modules: [String], unknown: [String], unresolved: [String]) {
        var seen = Set<String>()
        var unknown: [String] = []
        var unresolved: [String] = []
        var stack = wanted.map(KernelModules.canonical).reversed().map { ($0, true) }
        while let (name, isWanted) = stack.popLast() {
            guard !seen.contains(name) else { continue }
            guard paths[name] != nil else {
                if isWanted, !unknown.contains(name) { unknown.append(name) }
                continue
            }
            seen.insert(name)
            stack.append(contentsOf: (dependencies[name] ?? []).map { ($0, false) })
            let soft = softDependencies(name)
            for target in soft.pre + soft.post {
                let modules = KernelModules.resolve(target, aliases: aliases, known: paths)
                if modules.isEmpty { unresolved.append("\(name): \(target)") }
                stack.append(contentsOf: modules.map { ($0, false) })
            }
        }
        return (seen.sorted(), unknown.sorted(), unresolved)
    }

    /// The modules a name or alias stands for: every module whose alias pattern matches
    /// it, or else the module of that name when `known` has it.
    public static func resolve(_ nameOrAlias: String, aliases: [(pattern: String, module: String)],
                               known: [String: String]) -> [String] {
        var result: [String] = []
        for alias in aliases where wildcardMatch(alias.pattern, nameOrAlias) {
            let module = canonical(alias.module)
            if !result.contains(module) { result.append(module) }
        }
        if result.isEmpty, known[canonical(nameOrAlias)] != nil { result.append(canonical(nameOrAlias)) }
        return result
    }

    /// `alias PATTERN MODULE` lines of `modules.alias`.
    public static func aliases(parsing text: String) -> [(pattern: String, module: String)] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "alias" else { return nil }
            return (String(fields[1]), String(fields[2]))
        }
    }

    /// fnmatch-style `*`, `?` and `[...]` matching of alias patterns.
    static func wildcardMatch(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8), t = Array(text.utf8)
        var pi = 0, ti = 0, starP = -1, starT = 0
        func classMatch(_ at: Int, _ c: UInt8) -> (matched: Bool, end: Int)? {
            var i = at + 1
            var negate = false
            if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negate = true; i += 1 }
            var matched = false
            var first = true
            while i < p.count, p[i] != UInt8(ascii: "]") || first {
                first = false
                if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                    if p[i] <= c && c <= p[i + 2] { matched = true }
                    i += 3
                } else {
                    if p[i] == c { matched = true }
                    i += 1
                }
            }
            guard i < p.count else { return nil }
            return (matched != negate, i + 1)
        }
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                starP = pi; starT = ti; pi += 1
                continue
            }
            if pi < p.count {
                if p[pi] == UInt8(ascii: "?") { pi += 1; ti += 1; continue }
                if p[pi] == UInt8(ascii: "["), let (ok, end) = classMatch(pi, t[ti]) {
                    if ok { pi = end; ti += 1; continue }
                } else if p[pi] == t[ti] {
                    pi += 1; ti += 1; continue
                }
            }
            guard starP >= 0 else { return false }
            starT += 1
            ti = starT
            pi = starP + 1
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// `modules.dep` lines of only these modules, in the original order.
    public static func filterDep(_ text: String, keeping modules: Set<String>) -> String {
        filterLines(text) { line in
            guard let colon = line.firstIndex(of: ":") else { return false }
            return modules.contains(name(ofPath: String(line[..<colon])))
        }
    }

    /// `modules.alias` / `modules.softdep` lines (`alias PATTERN MODULE`) of only these modules.
    public static func filterAlias(_ text: String, keeping modules: Set<String>) -> String {
        filterLines(text) { line in
            let fields = line.split(separator: " ")
            return fields.count >= 3 && modules.contains(canonical(String(fields[2])))
        }
    }

    /// `modules.softdep` text for these modules: one `softdep` line each, sorted.
    public static func softdepText(_ table: [String: SoftDependencies], keeping modules: Set<String>) -> String {
        table.keys.filter { modules.contains($0) && !(table[$0]?.isEmpty ?? true) }.sorted()
            .map { table[$0]!.line(for: $0) + "\n" }.joined()
    }

    /// `modules.order` lines (one path each) of only these modules.
    public static func filterOrder(_ text: String, keeping modules: Set<String>) -> String {
        filterLines(text) { modules.contains(name(ofPath: String($0))) }
    }

    private static func filterLines(_ text: String, _ keep: (Substring) -> Bool) -> String {
        text.split(separator: "\n").filter(keep).map { $0 + "\n" }.joined()
    }
}
