/// One GRUB environment context: variables with their export flag.
///
/// `configfile` and `submenu` open a new context that starts with the exported
/// variables only (upstream GRUB), or with all of them (Fedora's GRUB since 2019).
///
/// The variables are kept as a shared base plus the changes made since `consolidate()`:
/// every menu entry's body starts from its menu's context, and setting `chosen` there then
/// copies only the few variables the body changes, not the whole context.
struct GrubEnvironment: Sendable {
    struct Variable: Sendable {
        var value: String
        var exported: Bool
    }

    /// Variables as of the last `consolidate()` (shared between copies).
    private var base: [String: Variable] = [:]
    /// Changes since then; a nil variable was unset.
    private var changes: [String: Variable?] = [:]

    private func lookup(_ name: String) -> Variable? {
        if !changes.isEmpty, let changed = changes[name] { return changed }
        return base[name]
    }

    /// Every variable, changes applied.
    var variables: [String: Variable] {
        if changes.isEmpty { return base }
        var result = base
        for (name, variable) in changes { result[name] = variable }
        return result
    }

    subscript(name: String) -> String? {
        lookup(name)?.value
    }

    /// Sets a variable, keeping its export flag. Like GRUB's write hook on `root`,
    /// `(hd0,gpt2)` is stored as `hd0,gpt2`.
    mutating func set(_ name: String, _ value: String) {
        var value = value
        if name == "root", value.hasPrefix("("), value.hasSuffix(")"), value.count >= 2 {
            value = String(value.dropFirst().dropLast())
        }
        // SUSE's GRUB exports its btrfs subvolume variables itself.
        let global = name == "btrfs_subvol" || name == "btrfs_subvolid"
        if !changes.isEmpty, let i = changes.index(forKey: name) {
            // Changed before (or unset): one hash, the value replaced in place.
            let exported = changes.values[i]?.exported ?? global
            changes.values[i] = Variable(value: value, exported: exported)
        } else {
            changes[name] = Variable(value: value, exported: base[name]?.exported ?? global)
        }
    }

    mutating func unset(_ name: String) {
        if base[name] == nil {
            changes.removeValue(forKey: name)
        } else {
            changes.updateValue(nil, forKey: name)
        }
    }

    /// Marks a variable exported; an unknown one is created empty, as GRUB does.
    mutating func export(_ name: String) {
        if var variable = lookup(name) {
            variable.exported = true
            changes[name] = variable
        } else {
            changes[name] = Variable(value: "", exported: true)
        }
    }

    /// Folds the changes into the base, so copies made from now on share all of it.
    mutating func consolidate() {
        guard !changes.isEmpty else { return }
        base = variables
        changes = [:]
    }

    /// The context a `configfile` or `submenu` starts with.
    func newContext(copyAll: Bool) -> GrubEnvironment {
        if copyAll { return self }
        var result = GrubEnvironment()
        for (name, variable) in variables where variable.exported {
            result.base[name] = variable
        }
        return result
    }
}
