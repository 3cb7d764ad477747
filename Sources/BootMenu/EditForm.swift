import BootConfig

/// The edit screen: kernel, initrds and command line of one entry, plus the
/// `reset_devices` tick; the edits apply to this boot only.
public struct EditForm: Sendable, Equatable {
    /// The fields, top to bottom.
    public enum Field: Int, CaseIterable, Sendable {
        case kernel, initrds, cmdline, resetDevices
    }

    public var entry: EntryKey
    public var kernel: EditBuffer
    /// Initrd paths separated by spaces.
    public var initrds: EditBuffer
    public var cmdline: EditBuffer
    /// Whether `reset_devices` is added to the command line when booting.
    public var resetDevices: Bool
    public var focus: Field

    /// Opens the form on `entry` with the cursor at the end of its command line.
    public init(entry: BootEntry, key: EntryKey, resetDevices: Bool) {
        self.entry = key
        kernel = EditBuffer(entry.kernel)
        initrds = EditBuffer(entry.initrds.joined(separator: " "))
        cmdline = EditBuffer(entry.cmdline)
        self.resetDevices = resetDevices
        focus = .cmdline
    }

    /// The buffer of a text field (nil for the tick box).
    public func buffer(_ field: Field) -> EditBuffer? {
        switch field {
        case .kernel: return kernel
        case .initrds: return initrds
        case .cmdline: return cmdline
        case .resetDevices: return nil
        }
    }

    /// Moves the focus to the next (`by: 1`) or previous (`by: -1`) field.
    public mutating func moveFocus(by step: Int) {
        let all = Field.allCases
        let i = (focus.rawValue + step + all.count) % all.count
        focus = all[i]
    }

    /// Applies an editing key to the focused field; false when it is not one.
    public mutating func apply(_ key: Key) -> Bool {
        switch focus {
        case .kernel: return kernel.apply(key)
        case .initrds: return initrds.apply(key)
        case .cmdline: return cmdline.apply(key)
        case .resetDevices:
            if key == .character(" ") || key == .character("x") { resetDevices.toggle(); return true }
            return false
        }
    }

    /// The boot plan for `entry` with this form's values.
    public func plan(for entry: BootEntry, method: KexecMethod?) -> BootPlan {
        let kernelPath = kernel.text.trimmingBlanks
        var plan = BootPlan(entry: entry,
                            kernel: kernelPath.isEmpty ? entry.kernel : kernelPath,
                            initrds: initrds.text.split(separator: " ").map(String.init),
                            cmdline: cmdline.text, method: method)
        if resetDevices { plan.addResetDevices() }
        return plan
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
