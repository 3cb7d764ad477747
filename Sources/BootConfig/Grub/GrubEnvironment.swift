/// One GRUB environment context: variables with their export flag.
///
/// `configfile` and `submenu` open a new context that starts with the exported
/// variables only (upstream GRUB), or with all of them (Fedora's GRUB since 2019).
struct GrubEnvironment: Sendable {
    struct Variable: Sendable {
        var value: String
        var exported: Bool
    }

    private(set) var variables: [String: Variable] = [:]

    subscript(name: String) -> String? {
        variables[name]?.value
    }

    /// Sets a variable, keeping its export flag. Like GRUB's write hook on `root`,
    /// `(hd0,gpt2)` is stored as `hd0,gpt2`.
    mutating func set(_ name: String, _ value: String) {
        var value = value
        if name == "root", value.hasPrefix("("), value.hasSuffix(")"), value.count >= 2 {
            value = String(value.dropFirst().dropLast())
        }
        if variables[name] != nil {
            variables[name]!.value = value
        } else {
            // SUSE's GRUB exports its btrfs subvolume variables itself.
            let global = name == "btrfs_subvol" || name == "btrfs_subvolid"
            variables[name] = Variable(value: value, exported: global)
        }
    }

    mutating func unset(_ name: String) {
        variables[name] = nil
    }

    /// Marks a variable exported; an unknown one is created empty, as GRUB does.
    mutating func export(_ name: String) {
        if variables[name] == nil {
            variables[name] = Variable(value: "", exported: true)
        } else {
            variables[name]!.exported = true
        }
    }

    /// The context a `configfile` or `submenu` starts with.
    func newContext(copyAll: Bool) -> GrubEnvironment {
        if copyAll { return self }
        var result = GrubEnvironment()
        for (name, variable) in variables where variable.exported {
            result.variables[name] = variable
        }
        return result
    }
}
