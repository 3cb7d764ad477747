import BootConfig

/// The text of the details, log and help screens, wrapped to a width.
public enum TextScreens {
    /// The lines of the model's current text screen (empty on the menu and edit screens),
    /// wrapped to `columns` (default: the model's view width).
    public static func lines(for model: MenuModel, columns: Int? = nil) -> [String] {
        let width = max(10, (columns ?? model.viewColumns) - 2)
        switch model.screen {
        case .details(let k):
            guard let e = model.entry(k) else { return [] }
            return details(e, model: model, width: width)
        case .log:
            let source = model.log.isEmpty ? ["(no log lines yet)"] : model.log
            return source.flatMap { TextFit.wrap(TextFit.sanitize($0), width: width) }
        case .help:
            return help(model.options).flatMap { TextFit.wrap($0, width: width) }
        case .menu, .edit, .login, .passphrase:
            return []
        }
    }

    /// Everything known about an entry: device, identity, config file and line, files,
    /// full command line.
    public static func details(_ e: BootEntry, model: MenuModel, width: Int) -> [String] {
        var out: [String] = []
        func field(_ name: String, _ value: String) {
            let label = TextFit.pad(name + ":", to: 12)
            let wrapped = TextFit.wrap(TextFit.sanitize(value), width: max(10, width - 12))
            for (i, part) in wrapped.enumerated() {
                out.append((i == 0 ? label : String(repeating: " ", count: 12)) + part)
            }
        }
        field("Title", e.title)
        field("Id", e.id)
        if !e.submenu.isEmpty { field("Submenu", e.submenu.joined(separator: " > ")) }
        field("Source", e.source.rawValue)
        let fsDevice = model.device(e.fs) ?? model.device(e.configVolume)
        field("Device", fsDevice?.heading ?? e.fs)
        if let d = fsDevice {
            if let u = d.uuid { field("UUID", u) }
            if let l = d.label { field("Label", l) }
            if let p = d.partUUID { field("PARTUUID", p) }
            for n in d.notes { field("Lease", n) }
            for l in d.leases {
                let prefix = d.leases.count > 1 ? l.name + ": " : ""
                field("Renewed", prefix + l.renewalText(now: model.now))
                field("Time left", prefix + l.timeLeftText(now: model.now))
            }
        }
        let line = e.line.map { " line \($0)" } ?? ""
        let configPlace = e.configVolume == e.fs ? e.config : "\(e.configVolume):\(e.config)"
        field("Config", configPlace + line)
        field("Kernel", e.kernel + (e.kernelFormat == .uki ? " (unified kernel image)" : ""))
        if e.initrds.isEmpty { field("Initrds", "(none)") }
        for i in e.initrds { field("Initrd", i) }
        field("Devicetree", e.devicetree ?? "(none)")
        field("Cmdline", e.cmdline.isEmpty ? "(empty)" : e.cmdline)
        if let h = e.hotkey { field("Hotkey", String(h)) }
        if e.isBad { field("Boot count", "no tries left: this entry failed to boot before") }
        for w in e.writes {
            switch w {
            case .grubenv(let volume, let path, let variables):
                field("On boot", "set \(BootWrite.describe(variables)) in \(volume):\(path)")
            case .renameEntry(let volume, let from, let to):
                field("On boot", "rename \(volume):\(from) to \(Path.basename(to))")
            case .loaderVariables(let record):
                field("On boot", "set EFI variable LoaderEntrySelected=\(record.selected)")
            }
        }
        return out
    }

    /// The key list of the help screen.
    public static func help(_ options: MenuOptions) -> [String] {
        var out = [
            "Menu",
            "  Up/Down, PgUp/PgDn, Home/End   move the selection",
            "  Enter                          boot the entry, or open the submenu",
            "  Right                          open the submenu",
            "  Esc or Left                    leave a submenu or a screen",
            "  e                              edit the entry for this boot only",
            "  i                              details of the entry",
            "  l                              the log",
            "  r                              rescan devices",
        ]
        if options.shellAvailable { out.append("  s                              a shell") }
        out += [
            "  h or ?                         this help",
            "  an entry's hotkey              boot that entry",
        ]
        if options.allowQuit { out.append("  q                              quit") }
        out += [
            "  Ctrl-L                         repaint, the terminal size learned again",
            "",
            "Any key stops the countdown.",
            "",
            "Edit screen",
            "  Up/Down, Tab                   move between fields",
            "  Left/Right, Home/End, Ctrl-A/Ctrl-E   move in a field",
            "  Backspace/Delete, Ctrl-K       delete a character, or to the end",
            "  Space on [ ] reset_devices     tick or untick",
            "  Enter, Ctrl-X or F10           boot the edited entry",
            "  Esc                            cancel",
        ]
        return out
    }
}
