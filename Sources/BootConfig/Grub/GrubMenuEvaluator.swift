/// Runs menu bodies the way GRUB runs them when an item is chosen, after the whole
/// config has run, and flattens the menu tree into boot entries.
///
/// A `submenu` body runs in a new context (exported variables only, or all of them on
/// Fedora's GRUB) whose `default` is the rest of the parent's `default` after its first
/// `>`; an entry body runs in its menu level's context with `$1` = title, `$2`… = the
/// extra words, `chosen` = the id path. What `linux`/`initrd`/`devicetree` loaded is the
/// entry.
struct GrubMenuEvaluator {
    let interpreter: GrubInterpreter
    /// `save_env` writes made while the config ran: they happen before any entry boots.
    let headerWrites: [GrubEnvWrite]
    /// The config the menu came from: names its access domain (`superusers`, passwords).
    var owner: GrubFile? = nil

    struct Result {
        var entries: [BootEntry]
        /// Index into `entries` of the item GRUB would boot, when that is a Linux entry.
        var defaultIndex: Int?
        /// Index into `entries` of each item of this level that is a Linux entry.
        var itemEntries: [Int: Int] = [:]
    }

    /// Submenus and nested `configfile` menus deeper than this are not opened.
    static let maxNesting = 32
    /// Menu items run in all (a bound on self-sourcing submenus that multiply).
    static let maxItems = 50_000

    /// Flattens one level and everything under it. `shown` are the configs of the menus
    /// enclosing this one.
    /// `checks`: the authentications the enclosing submenus need (GRUB asks for them when
    /// a submenu is opened).
    func flatten(_ level: GrubMenuLevel, path: [String], chosen: String?, inheritedWrites: [GrubEnvWrite],
                 shown: [GrubFile] = [], checks: [AccessCheck] = []) -> Result {
        var result = Result(entries: [], defaultIndex: nil)
        // Every body below starts from this context: shared, not copied per entry.
        var level = level
        level.environment.consolidate()
        let shown = shown.contains(level.file) ? shown : shown + [level.file]
        if path.count > Self.maxNesting {
            interpreter.errors.append(ConfigError(volume: level.file.volume, config: level.file.path, line: nil,
                                                  message: "menus nested more than \(Self.maxNesting) deep: not opened"))
            return result
        }
        let defaultValue = level.environment["default"]
        let defaultItem = GrubDefault.index(defaultValue, titles: level.items.map(\.title), ids: level.items.map(\.id))
        let rest = GrubDefault.rest(defaultValue)
        let domain = interpreter.accessDomain(level, owner: owner ?? level.file)
        for (i, item) in level.items.enumerated() {
            interpreter.itemsRun += 1
            if interpreter.itemsRun > Self.maxItems {
                if interpreter.itemsRun == Self.maxItems + 1 {
                    interpreter.errors.append(ConfigError(volume: item.file.volume, config: item.file.path, line: item.line,
                                                          message: "more than \(Self.maxItems) menu items: the rest are left out"))
                }
                break
            }
            let itemChosen = (chosen.map { $0 + ">" } ?? "") + GrubDefault.escape(item.id)
            // GRUB: an item is restricted unless `--unrestricted`; `--users` adds users.
            var itemChecks = checks
            if let domain, !item.unrestricted {
                itemChecks.append(AccessCheck(domain: domain, users: AccessDomain.userWords(item.users ?? "")))
            }
            let nested: GrubMenuLevel?
            var writes = inheritedWrites
            var image: GrubLoadedImage?
            if item.submenu {
                let run = runSubmenu(item, in: level, chosen: itemChosen, default: rest, shown: shown)
                nested = run.level
                writes += run.writes
            } else {
                let run = runEntry(item, in: level, chosen: itemChosen, default: rest, shown: shown)
                nested = run.nested
                image = run.image
                writes += run.writes
            }
            if let nested {
                let sub = flatten(nested, path: path + [item.title], chosen: itemChosen, inheritedWrites: writes, shown: shown,
                                  checks: itemChecks)
                if i == defaultItem, let d = sub.defaultIndex { result.defaultIndex = result.entries.count + d }
                result.entries += sub.entries
            } else if let image, let entry = makeEntry(item, image: image, path: path, writes: writes) {
                var entry = entry
                entry.access = itemChecks
                entry.editAccess = domain.map { [AccessCheck(domain: $0)] } ?? []
                if i == defaultItem { result.defaultIndex = result.entries.count }
                result.itemEntries[i] = result.entries.count
                result.entries.append(entry)
            }
        }
        return result
    }

    /// Runs a submenu body: it defines the items of the level below.
    private func runSubmenu(_ item: GrubMenuItem, in level: GrubMenuLevel, chosen: String, default rest: String?,
                            shown: [GrubFile]) -> (level: GrubMenuLevel, writes: [GrubEnvWrite]) {
        let vm = interpreter
        vm.env = level.environment.newContext(copyAll: vm.copyAllVariables)
        prepareRun(item, chosen: chosen, default: rest, shown: shown)
        vm.inEntryBody = false
        var nested = GrubMenuLevel(items: [], environment: vm.env, file: item.file)
        do {
            _ = try vm.run(item.body)
            nested = GrubMenuLevel(items: vm.items, environment: vm.env, file: item.file)
        } catch .menuShown(let shown) {
            nested = shown
        } catch {
            nested = GrubMenuLevel(items: vm.items, environment: vm.env, file: item.file)
        }
        return (nested, vm.writes)
    }

    /// Runs an entry body and records what it loaded, the writes it made, and the menu a
    /// `configfile` in it opened.
    private func runEntry(_ item: GrubMenuItem, in level: GrubMenuLevel, chosen: String, default rest: String?,
                          shown: [GrubFile]) -> (image: GrubLoadedImage?, nested: GrubMenuLevel?, writes: [GrubEnvWrite]) {
        let vm = interpreter
        vm.env = level.environment
        prepareRun(item, chosen: chosen, default: rest, shown: shown)
        vm.inEntryBody = true
        defer { vm.inEntryBody = false }
        do {
            _ = try vm.run(item.body)
        } catch .menuShown(let shown) {
            return (nil, shown, vm.writes)
        } catch {
            // break/return/abort end the body; what was loaded so far counts.
        }
        return (vm.image, nil, vm.writes)
    }

    private func prepareRun(_ item: GrubMenuItem, chosen: String, default rest: String?, shown: [GrubFile]) {
        let vm = interpreter
        vm.shownFiles = shown
        vm.env.set("chosen", chosen)
        vm.env.export("chosen")
        if let rest { vm.env.set("default", rest) } else { vm.env.unset("default") }
        vm.positional = item.arguments
        vm.items = []
        vm.image = nil
        vm.writes = []
        vm.files = []
        vm.baseFile = item.file
    }

    /// The boot entry for an item whose body loaded a Linux kernel; nil for anything else.
    private func makeEntry(_ item: GrubMenuItem, image: GrubLoadedImage, path: [String], writes: [GrubEnvWrite]) -> BootEntry? {
        guard image.kind == .linux else { return nil }
        var initrds: [String] = []
        for (volume, initrd) in image.initrds {
            if volume != image.volume {
                interpreter.errors.append(ConfigError(
                    volume: item.file.volume, config: item.file.path, line: item.line,
                    message: "initrd \(initrd) is on \(volume), not on the kernel's filesystem \(image.volume): left out"))
                continue
            }
            initrds.append(initrd)
        }
        var devicetree: String?
        if let (volume, dt) = image.devicetree, volume == image.volume { devicetree = dt }
        // The command line is written into one buffer: no String per argument.
        var cmdline: [UInt8] = []
        cmdline.reserveCapacity(image.written.utf8.count + 16 + image.arguments.reduce(0) { $0 + $1.utf8.count + 1 })
        cmdline.append(contentsOf: "BOOT_IMAGE=".utf8)
        Self.quote(image.written, into: &cmdline)
        for argument in image.arguments {
            cmdline.append(0x20)
            Self.quote(argument, into: &cmdline)
        }
        return BootEntry(
            title: item.title, id: item.id, source: .grub, config: item.file.path, line: item.line,
            configVolume: item.file.volume, fs: image.volume, submenu: path, kernel: image.path,
            initrds: initrds, cmdline: String(decoding: cmdline, as: UTF8.self), devicetree: devicetree,
            hotkey: item.hotkey, writes: GrubEnvWrite.merged(headerWrites + writes))
    }

    /// One kernel argument as GRUB writes it into the command line: `\`, `'` and `"`
    /// escaped, and the whole in double quotes when it contains a blank.
    static func quote(_ argument: String) -> String {
        var needsWork = false
        for b in argument.utf8 where b == 0x5C || b == 0x27 || b == 0x22 || b == 0x20 || b == 0x09 {
            needsWork = true
            break
        }
        if !needsWork { return argument }
        var out: [UInt8] = []
        out.reserveCapacity(argument.utf8.count + 8)
        quote(argument, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `quote(argument)` appended to `out` as UTF-8; an argument that needs no quoting is
    /// copied whole.
    static func quote(_ argument: String, into out: inout [UInt8]) {
        var argument = argument
        argument.withUTF8 { bytes in
            var blank = false, escape = false
            for b in bytes {
                if b == 0x20 || b == 0x09 { blank = true } else if b == 0x5C || b == 0x27 || b == 0x22 { escape = true }
            }
            if !blank && !escape {
                out.append(contentsOf: bytes)
                return
            }
            if blank { out.append(0x22) }
            for b in bytes {
                if b == 0x5C || b == 0x27 || b == 0x22 { out.append(0x5C) }
                out.append(b)
            }
            if blank { out.append(0x22) }
        }
    }
}
