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
        var seen = Set<String>()
        var unknown: [String] = []
        var stack = wanted.map(KernelModules.canonical)
        while let name = stack.popLast() {
            guard !seen.contains(name) else { continue }
            guard paths[name] != nil else {
                if !unknown.contains(name) { unknown.append(name) }
                continue
            }
            seen.insert(name)
            stack.append(contentsOf: dependencies[name] ?? [])
        }
        return (seen.sorted(), unknown.sorted())
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

    /// `modules.order` lines (one path each) of only these modules.
    public static func filterOrder(_ text: String, keeping modules: Set<String>) -> String {
        filterLines(text) { modules.contains(name(ofPath: String($0))) }
    }

    private static func filterLines(_ text: String, _ keep: (Substring) -> Bool) -> String {
        text.split(separator: "\n").filter(keep).map { $0 + "\n" }.joined()
    }
}
