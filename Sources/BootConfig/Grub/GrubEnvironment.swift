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
    /// Changes since then, one per name, in a short array searched from the end (an
    /// entry body changes a handful of variables: no dictionary to allocate, grow and
    /// hash into per body); a nil variable was unset. Folded into `base` when it grows
    /// past `maxChanges`.
    private var changes: [(name: String, variable: Variable?)] = []
    /// Changes kept before they are folded into `base`.
    private static let maxChanges = 16

    /// Index in `changes` of the change to `name`.
    private func changeIndex(_ name: String) -> Int? {
        var i = changes.count
        while i > 0 {
            i -= 1
            if changes[i].name == name { return i }
        }
        return nil
    }

    private func lookup(_ name: String) -> Variable? {
        if let i = changeIndex(name) { return changes[i].variable }
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

    /// Records `variable` (nil: unset) as the change to `name`.
    private mutating func change(_ name: String, _ variable: Variable?, at index: Int?) {
        if let index {
            changes[index].variable = variable
            return
        }
        if changes.count >= Self.maxChanges { fold() }
        changes.append((name, variable))
    }

    /// Applies the changes to `base` (which is copied first only when shared).
    private mutating func fold() {
        for (name, variable) in changes { base[name] = variable }
        changes.removeAll(keepingCapacity: true)
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
        if let i = changeIndex(name) {
            // Changed before (or unset): the value replaced in place.
            let exported = changes[i].variable?.exported ?? global
            changes[i].variable = Variable(value: value, exported: exported)
        } else {
            change(name, Variable(value: value, exported: base[name]?.exported ?? global), at: nil)
        }
    }

    mutating func unset(_ name: String) {
        let i = changeIndex(name)
        if base[name] == nil {
            if let i { changes.remove(at: i) }
        } else {
            change(name, nil, at: i)
        }
    }

    /// Marks a variable exported; an unknown one is created empty, as GRUB does.
    mutating func export(_ name: String) {
        let i = changeIndex(name)
        let current = if let i { changes[i].variable } else { base[name] }
        if var variable = current {
            variable.exported = true
            change(name, variable, at: i)
        } else {
            change(name, Variable(value: "", exported: true), at: i)
        }
    }

    /// Folds the changes into the base, so copies made from now on share all of it.
    mutating func consolidate() {
        guard !changes.isEmpty else { return }
        fold()
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
