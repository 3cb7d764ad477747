/// Turns a parsed syslinux document into menu entries, default and timeout, following
/// the menu module (`vesamenu.c32`/`menu.c32`) when the config uses one and ldlinux's
/// own `boot:` prompt otherwise.
struct SyslinuxMenuBuilder {
    let document: SyslinuxDocument
    let volume: String
    let workingDirectory: String
    var dialect: SyslinuxDialect = .syslinux
    /// The lease when the config came from a pxelinux server: `IPAPPEND`/`SYSAPPEND`
    /// words are added and `LOCALBOOT` labels become `.localBoot` entries.
    var netboot: NetbootClient? = nil

    /// Whether the menu module runs: a `UI` line, or `DEFAULT` naming a menu module.
    var usesMenuModule: Bool {
        if dialect == .uboot { return false }
        if document.hasUI { return true }
        guard let d = document.globalDefault else { return false }
        let module = Path.basename(String(SyslinuxLine.firstWord(Substring(d)).word)).lowercased()
        return module == "menu.c32" || module == "vesamenu.c32"
    }

    /// A label that produced (or could not produce) an entry, in record order.
    private struct Recorded {
        var label: SyslinuxLabel
        var entry: Int?
    }

    func build() -> ConfigMenu {
        var entries: [BootEntry] = []
        var recorded: [Recorded] = []
        let menuMode = usesMenuModule
        flatten(document.root, path: [], menuMode: menuMode, entries: &entries, recorded: &recorded)

        var result = ConfigMenu(errors: document.errors)
        let root = document.root
        if menuMode {
            result.timeout = document.shiftKey ? 0 : seconds(root.timeout)
            result.hiddenMenu = document.hiddenMenu
            if document.hasUI, let d = document.globalDefault, let found = find(d, in: recorded) {
                result.defaultIndex = found.entry
            } else {
                result.defaultIndex = menuDefault(root, entries: entries, recorded: recorded)
            }
        } else {
            var defaultIndex: Int?
            if let d = document.globalDefault, !d.isEmpty {
                if let found = find(d, in: recorded) {
                    defaultIndex = found.entry
                    // `DEFAULT label extra words`: the words are added to its command line.
                    let extra = SyslinuxLine.trimmed(Substring(d).dropFirst(found.matchedLength))
                    if let i = defaultIndex, !extra.isEmpty { entries[i].cmdline += " " + extra }
                } else if dialect == .syslinux {
                    defaultIndex = commandEntry(d, entries: &entries)
                }
            }
            result.defaultIndex = defaultIndex
            switch dialect {
            case .syslinux:
                // PROMPT 0 with a DEFAULT boots at once unless Shift/Alt is held.
                result.timeout = document.globalDefault != nil && document.prompt == 0 ? 0 : seconds(root.timeout)
            case .uboot:
                // Without the prompt U-Boot boots at once; without a default label it
                // boots the labels in order, so the first entry is the default.
                result.timeout = document.prompt == 0 ? 0 : seconds(root.timeout)
            }
        }
        // ONTIMEOUT replaces DEFAULT when a countdown runs out: a label, or a command line.
        // (An immediate boot, PROMPT 0 or MENU SHIFTKEY, takes DEFAULT.)
        if let t = result.timeout, t > 0, dialect == .syslinux, let command = root.onTimeout, !command.isEmpty {
            if let found = find(command, in: recorded) {
                if let i = found.entry { result.defaultIndex = i }
            } else if let i = commandEntry(command, entries: &entries) {
                result.defaultIndex = i
            }
        }
        if let i = result.defaultIndex {
            entries[i].isDefault = true
        } else if dialect == .syslinux {
            // The loader would boot nothing swiftboot can (no DEFAULT, or a module,
            // LOCALBOOT...): wait for a choice rather than boot another entry.
            result.timeout = nil
        }
        result.entries = entries
        return result
    }

    // MARK: - Entries

    private func flatten(_ menu: SyslinuxMenu, path: [String], menuMode: Bool,
                         entries: inout [BootEntry], recorded: inout [Recorded]) {
        for item in menu.items {
            switch item {
            case let .label(label, globalAppend):
                var entry: Int?
                if !(menuMode && label.isHidden), var e = bootEntry(label, globalAppend: globalAppend) {
                    e.submenu = path
                    entries.append(e)
                    entry = entries.count - 1
                }
                if label.action != .disabled { recorded.append(Recorded(label: label, entry: entry)) }
            case let .submenu(sub):
                let name = SyslinuxSource.stripCarets(sub.displayName ?? sub.title)
                flatten(sub, path: path + [name], menuMode: menuMode, entries: &entries, recorded: &recorded)
            }
        }
    }

    /// A file name made absolute. From a pxelinux server a URL (lpxelinux:
    /// `http://server/vmlinuz`) stays a URL and `::path` is absolute on the server.
    private func resolve(_ name: String) -> String {
        if netboot != nil {
            if RemoteLocation(url: name) != nil { return name }
            if name.hasPrefix("::") { return Path.normalize(String(name.dropFirst(2))) }
        }
        return Path.resolve(name, in: workingDirectory)
    }

    /// The entry for a label, or nil when it is not a Linux kernel syslinux would boot.
    private func bootEntry(_ label: SyslinuxLabel, globalAppend: String?) -> BootEntry? {
        // Words after the kernel file name on a KERNEL line are arguments before APPEND's.
        let (file, kernelArgs) = SyslinuxLine.firstWord(Substring(label.kernel))
        let kernel = String(file)
        if label.keyword == .localboot, label.action == .command, netboot != nil {
            return BootEntry(
                title: SyslinuxSource.stripCarets(label.menuLabel ?? label.label), id: label.label, source: .syslinux,
                config: label.file, line: label.line, configVolume: volume, fs: volume, kernel: "",
                hotkey: label.menuLabel.flatMap(SyslinuxSource.hotkey), kind: .localBoot)
        }
        guard label.action == .command, SyslinuxSource.isLinuxKernel(kernel, keyword: label.keyword) else {
            return nil
        }
        var append = label.append ?? globalAppend ?? ""
        if append == "-" { append = "" }
        if !kernelArgs.isEmpty { append = append.isEmpty ? String(kernelArgs) : kernelArgs + " " + append }
        let cmdline: String
        let initrdFiles: [String]
        switch dialect {
        case .syslinux:
            // syslinux adds BOOT_IMAGE= first and INITRD as an initrd= word after APPEND;
            // the Linux loader takes the first initrd= word.
            var words = ["BOOT_IMAGE=" + kernel]
            if !append.isEmpty { words.append(append) }
            if let initrd = label.initrd, !initrd.isEmpty { words.append("initrd=" + initrd) }
            // pxelinux adds the SYSAPPEND strings last.
            if let client = netboot { words += SysAppend.words(bits: label.sysAppend, client: client) }
            cmdline = words.joined(separator: " ")
            initrdFiles = initrds(in: cmdline)
        case .uboot:
            // U-Boot has no global APPEND.
            cmdline = label.append == "-" ? "" : (label.append ?? "")
            initrdFiles = (label.initrd ?? "").split(separator: ",").map { Path.resolve(String($0), in: workingDirectory) }
        }
        let display = label.menuLabel ?? label.label
        return BootEntry(
            title: SyslinuxSource.stripCarets(display), id: label.label, source: .syslinux,
            config: label.file, line: label.line, configVolume: volume, fs: volume,
            kernel: resolve(kernel),
            initrds: initrdFiles, cmdline: cmdline,
            devicetree: label.fdt.map { Path.resolve($0, in: workingDirectory) },
            hotkey: label.menuLabel.flatMap(SyslinuxSource.hotkey))
    }

    /// The files of the first `initrd=` word (comma-separated), as the Linux loader takes them.
    private func initrds(in cmdline: String) -> [String] {
        guard let word = cmdline.split(separator: " ").first(where: { $0.hasPrefix("initrd=") }) else { return [] }
        return word.dropFirst("initrd=".count).split(separator: ",")
            .map { resolve(String($0)) }
    }

    /// The entry a command line (`DEFAULT`/`ONTIMEOUT` naming no label) boots: an
    /// existing entry with the same kernel and arguments, else a new entry for it.
    private func commandEntry(_ command: String, entries: inout [BootEntry]) -> Int? {
        guard let entry = rawCommandEntry(command) else { return nil }
        func words(_ e: BootEntry) -> [Substring] {
            e.cmdline.split(separator: " ").filter { !$0.hasPrefix("BOOT_IMAGE=") }
        }
        if let same = entries.firstIndex(where: { $0.kernel == entry.kernel && words($0) == words(entry) }) {
            return same
        }
        entries.append(entry)
        return entries.count - 1
    }

    /// An entry for a command line `kernel args`, as ldlinux would boot it.
    private func rawCommandEntry(_ command: String) -> BootEntry? {
        let (kernel, args) = SyslinuxLine.firstWord(Substring(command))
        guard SyslinuxSource.isLinuxKernel(String(kernel), keyword: .kernel) else { return nil }
        var label = SyslinuxLabel(label: String(kernel), file: "", line: 0)
        label.append = args.isEmpty ? nil : String(args)
        guard var entry = bootEntry(label, globalAppend: nil) else { return nil }
        entry.title = command
        entry.config = document.path
        entry.line = nil
        return entry
    }

    // MARK: - Default and timeout

    /// Finds a label the way syslinux does: the whole text names it (U-Boot and
    /// multi-word labels), else (syslinux only) its first word does.
    private func find(_ text: String, in recorded: [Recorded]) -> (entry: Int?, matchedLength: Int)? {
        if let r = recorded.first(where: { $0.label.label == text }) { return (r.entry, text.count) }
        guard dialect == .syslinux else { return nil }
        let word = String(SyslinuxLine.firstWord(Substring(text)).word)
        if let r = recorded.first(where: { $0.label.label == word }) { return (r.entry, word.count) }
        return nil
    }

    /// The entry a menu starts on: its MENU DEFAULT item (a submenu gives that
    /// submenu's default; an item swiftboot cannot boot gives none), else its first
    /// bootable entry.
    private func menuDefault(_ menu: SyslinuxMenu, entries: [BootEntry], recorded: [Recorded]) -> Int? {
        func entry(of label: SyslinuxLabel) -> Int? {
            recorded.first(where: { $0.label.file == label.file && $0.label.line == label.line })?.entry
        }
        if let explicit = menu.defaultItem, explicit < menu.items.count {
            switch menu.items[explicit] {
            case let .submenu(sub): return menuDefault(sub, entries: entries, recorded: recorded)
            case let .label(label, _): return entry(of: label)
            }
        }
        for item in menu.items {
            switch item {
            case let .submenu(sub):
                if let d = menuDefault(sub, entries: entries, recorded: recorded) { return d }
            case let .label(label, _):
                if !label.isHidden, let d = entry(of: label) { return d }
            }
        }
        return nil
    }

    /// Tenths of a second (syslinux) to whole seconds, rounding up; 0 means no timeout.
    private func seconds(_ tenths: Int) -> Int? {
        var result: Int? = tenths > 0 ? (tenths + 9) / 10 : nil
        if document.totalTimeout > 0 {
            let total = (document.totalTimeout + 9) / 10
            result = min(result ?? total, total)
        }
        return result
    }
}
