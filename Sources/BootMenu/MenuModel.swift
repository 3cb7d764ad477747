import BootConfig

/// Which screen the menu shows.
public enum MenuScreen: Sendable, Equatable {
    case menu
    case edit(EditForm)
    case details(EntryKey)
    case log
    case help
    /// The password prompt before a guarded action (MenuModel+Access.swift).
    case login(LoginForm)
    /// The passphrase prompt of a locked volume (MenuModel+Unlock.swift).
    case passphrase(PassphraseForm)
}

/// Why an entry is being booted (logged with the plan).
public enum BootReason: String, Sendable, Equatable {
    case selected
    case timeout
    case edited
    case hotkey
    /// The default, booted by the countdown, failed: the config's next fallback entry.
    case fallback
}

/// What the menu asks its host to do.
public enum MenuEffect: Sendable, Equatable {
    /// Boot this plan (on failure, call `bootFailed`).
    case boot(BootPlan, reason: BootReason)
    /// Rescan every device and call `update`.
    case rescan
    /// Run the initramfs shell on the console, then redraw.
    case shell
    /// Leave the menu (host only).
    case quit
    /// Write this line to the log (authentication and policy decisions).
    case log(String)
    /// Unlock the LUKS volume on this device node with the typed passphrase (UTF-8; the
    /// host wipes it after use), then call `unlockSucceeded` (and rescan) or `unlockFailed`.
    case unlock(node: String, passphrase: [UInt8])
}

/// An input to the menu: a key, or the clock (milliseconds, monotonic).
public enum MenuEvent: Sendable, Equatable {
    case key(Key)
    case tick(Int64)
}

/// The boot menu as a pure state machine: `handle(event)` changes the state and returns
/// the effects for the host to carry out. Knows nothing of terminals or kexec.
public struct MenuModel: Sendable {
    public let options: MenuOptions
    /// Entries in menu order, submenus flattened in place.
    public private(set) var entries: [BootEntry]
    /// `keys[i]` identifies `entries[i]`.
    public private(set) var keys: [EntryKey]
    /// Index of each key in `keys` (entry lookups happen for every row drawn).
    private var position: [EntryKey: Int]
    public private(set) var devices: [MenuDevice]
    /// Config problems of the last scan.
    public private(set) var errors: [ConfigError]
    public private(set) var defaultKey: EntryKey?
    /// The entries to try in turn when the default booted by the countdown fails
    /// (GRUB `fallback`).
    public private(set) var fallbackKeys: [EntryKey]
    /// Fallbacks not yet tried in the current automatic boot; nil when none is running.
    private var pendingFallbacks: [EntryKey]?
    /// Set by a failed automatic boot: the next tick boots the next fallback.
    private var fallbackDue = false
    /// The effective timeout: seconds, nil = wait forever.
    public private(set) var timeout: Int?
    /// GRUB `timeout_style=hidden`.
    public private(set) var hiddenStyle: Bool
    public private(set) var countdown: Countdown
    /// Drivers are still being loaded (coldplug): entries may still appear, so the
    /// countdown waits; `devicesSettled()` ends it.
    public private(set) var devicesPending: Bool
    /// The host found that no driver still loading can change the default
    /// (`defaultIsFinal()`): a zero timeout need not wait for `devicesSettled()`.
    public private(set) var defaultFinal = false
    /// A key was pressed (the menu stays shown from then on).
    private var keyPressed = false
    /// Whether the menu is drawn (false while a hidden or zero timeout runs).
    public internal(set) var visible: Bool
    public internal(set) var screen: MenuScreen
    /// The menu level shown on the menu screen.
    public private(set) var level: MenuLevel
    public internal(set) var selection: MenuRow?
    /// First line shown on a text screen (details, log, help).
    public private(set) var scroll: Int
    /// The status line's message: the last error or what is happening.
    public var status: String?
    /// The clock of the last event.
    public private(set) var now: Int64
    /// Lines for the log screen, oldest first (set by the host).
    public var log: [String] = []
    /// The size of the terminal in control (for paging and wrapping).
    public private(set) var viewRows = 24
    public private(set) var viewColumns = 80
    /// Checks typed passwords (the host's PBKDF2); nil: every password is refused.
    public var passwordChecker: (any PasswordChecking)?
    /// Users who authenticated, by access domain owner (kept, as GRUB keeps them).
    var authenticated: [String: Set<String>] = [:]
    /// Wrong passwords so far: each doubles the wait before the next try.
    var failedLogins = 0
    /// No password is taken before this time (ms).
    var lockedUntil: Int64 = 0
    /// Locked LUKS volumes, listed after the devices' entries (set by the host).
    public internal(set) var lockedVolumes: [LockedVolume] = []
    /// Wrong passphrases so far: each doubles the wait before the next try.
    var failedUnlocks = 0

    /// `devicesPending`: drivers are still loading; the countdown starts at `devicesSettled()`.
    /// `countdownHeld`: the host waits for network sources first; `releaseCountdown()` ends it.
    public init(menu: ConfigMenu, devices: [MenuDevice], options: MenuOptions = MenuOptions(), now: Int64,
                devicesPending: Bool = false, countdownHeld: Bool = false) {
        self.options = options
        self.devicesPending = devicesPending
        self.countdownHeld = countdownHeld
        self.entries = menu.entries
        self.keys = EntryKey.keys(for: menu.entries)
        self.position = Self.positions(keys)
        self.devices = devices
        self.errors = menu.errors
        self.hiddenStyle = menu.hiddenMenu
        if let o = options.timeoutOverride { timeout = o } else { timeout = menu.timeout }
        self.now = now
        countdown = .pending
        visible = true
        screen = .menu
        level = .top
        scroll = 0
        defaultKey = nil
        fallbackKeys = []
        defaultKey = resolveDefault(menu)
        fallbackKeys = Self.fallbacks(menu, keys: keys)
        selection = defaultRow ?? rows(at: .top).first
        startCountdownIfReady()
        if case .running = countdown, hiddenStyle || timeout == 0 { visible = false }
        // While drivers load, a hidden or zero-timeout menu stays hidden as it would
        // while its countdown runs; so does a menu with nothing yet (its style unknown).
        if devicesPending, entries.isEmpty || hiddenStyle || timeout == 0 { visible = false }
    }

    // MARK: Queries

    /// The entry a key names.
    public func entry(_ key: EntryKey) -> BootEntry? {
        position[key].map { entries[$0] }
    }

    /// The device a volume name names.
    public func device(_ name: String) -> MenuDevice? {
        devices.first { $0.name == name }
    }

    /// Volume names that have entries or a notice, in device order (then any unknown volume).
    public var groups: [String] {
        var order: [String] = []
        for d in devices where d.notice != nil || entries.contains(where: { $0.configVolume == d.name }) { order.append(d.name) }
        for e in entries where !order.contains(e.configVolume) { order.append(e.configVolume) }
        return order
    }

    /// The lines of a menu level: device headings (top level) and rows.
    public func lines(at level: MenuLevel) -> [MenuLine] {
        guard let volume = level.volume else {
            var out: [MenuLine] = []
            for g in groups {
                out.append(.device(g))
                if let notice = device(g)?.notice { out.append(.notice(notice)) }
                out += items(volume: g, path: []).map { .row($0) }
            }
            for v in lockedVolumes {
                out.append(.device(v.node))
                out.append(.row(.encrypted(v.node)))
            }
            return out
        }
        return items(volume: volume, path: level.path).map { .row($0) }
    }

    /// The selectable rows of a level.
    public func rows(at level: MenuLevel) -> [MenuRow] {
        lines(at: level).compactMap { if case .row(let r) = $0 { return r } else { return nil } }
    }

    private func items(volume: String, path: [String]) -> [MenuRow] {
        var out: [MenuRow] = []
        var opened = Set<String>()
        for (e, k) in zip(entries, keys) where e.configVolume == volume && e.submenu.starts(with: path) {
            if e.submenu.count == path.count {
                out.append(.entry(k))
            } else {
                let title = e.submenu[path.count]
                if opened.insert(title).inserted { out.append(.submenu(volume: volume, path: path + [title])) }
            }
        }
        return out
    }

    /// The top-level row holding the default entry.
    private var defaultRow: MenuRow? {
        guard let k = defaultKey else { return nil }
        if k.submenu.isEmpty { return .entry(k) }
        return .submenu(volume: k.volume, path: [k.submenu[0]])
    }

    /// Rows on a screen of the menu list (what PgUp/PgDn move by).
    public var pageSize: Int { max(1, viewRows - 5) }

    /// The plan booting `entry` without edits gives.
    public func plan(for entry: BootEntry) -> BootPlan {
        var plan = BootPlan(entry: entry, method: options.kexecMethod)
        if options.resetDevices { plan.addResetDevices() }
        return plan
    }

    /// While true, the countdown does not start (the host waits for network sources
    /// whose default is preferred); `releaseCountdown` starts it.
    public var countdownHeld = false

    /// Lets the countdown start (with the current default and timeout).
    public mutating func releaseCountdown() {
        countdownHeld = false
        startCountdownIfReady()
        if case .running = countdown, hiddenStyle || timeout == 0, screen == .menu, status == nil { visible = false }
    }

    /// Moves the selection to `key`'s top-level row, back on the top level, and makes it the default.
    public mutating func selectDefault(_ key: EntryKey) {
        guard entry(key) != nil else { return }
        defaultKey = key
        level = .top
        screen = .menu
        selection = defaultRow
    }

    // MARK: Events

    /// Sets the size of the terminal that is in control.
    public mutating func resize(rows: Int, columns: Int) {
        viewRows = max(rows, 6)
        viewColumns = max(columns, 20)
        clampScroll()
    }

    /// Handles one event and returns what the host must do.
    public mutating func handle(_ event: MenuEvent) -> [MenuEffect] {
        switch event {
        case .tick(let t):
            now = t
            if fallbackDue {
                fallbackDue = false
                while let k = pendingFallbacks?.first {
                    pendingFallbacks?.removeFirst()
                    if let e = entry(k) { return request(.boot(plan(for: e), reason: .fallback)) }
                }
                pendingFallbacks = nil
                return []
            }
            guard case .running(let deadline) = countdown, t >= deadline else { return [] }
            countdown = .stopped
            guard let k = defaultKey, let e = entry(k) else { return [] }
            pendingFallbacks = fallbackKeys
            return request(.boot(plan(for: e), reason: .timeout))
        case .key(let key):
            keyPressed = true
            if case .running = countdown { countdown = .stopped }
            // A key while drivers still load, with entries shown: no automatic boot later.
            if case .pending = countdown, devicesPending, !entries.isEmpty { countdown = .stopped }
            // Someone is at the keyboard: no more automatic boots.
            pendingFallbacks = nil
            fallbackDue = false
            if !visible {
                // The key that reveals a hidden menu does nothing else.
                visible = true
                return []
            }
            switch screen {
            case .menu: return menuKey(key)
            case .edit(let form): return editKey(key, form)
            case .details(let k): return textKey(key, closing: ["i"], editing: k)
            case .log: return textKey(key, closing: ["l"], editing: nil)
            case .help: return textKey(key, closing: ["h", "?"], editing: nil)
            case .login(let form): return loginKey(key, form)
            case .passphrase(let form): return passphraseKey(key, form)
            }
        }
    }

    /// Shows a failed boot's message and stops the countdown; the menu goes on. When an
    /// automatic boot failed and the config named fallbacks, the next tick boots the next.
    public mutating func bootFailed(_ message: String) {
        status = message
        visible = true
        // A hand-off that failed after the menu was left is reported to the next menu:
        // booting the same default again on a countdown would only loop.
        countdown = .stopped
        if let next = pendingFallbacks?.first(where: { entry($0) != nil }), let e = entry(next) {
            fallbackDue = true
            status = message + " Falling back to '\(e.title)'."
        } else {
            pendingFallbacks = nil
        }
    }

    /// Merges a new scan: entries appear or disappear, the selection stays on the same
    /// entry, a running countdown keeps its deadline (a pending one starts).
    public mutating func update(menu: ConfigMenu, devices: [MenuDevice]) {
        let oldRows = rows(at: level)
        let oldIndex = selection.flatMap { oldRows.firstIndex(of: $0) } ?? 0
        entries = menu.entries
        keys = EntryKey.keys(for: menu.entries)
        position = Self.positions(keys)
        self.devices = devices
        errors = menu.errors
        defaultKey = resolveDefault(menu)
        fallbackKeys = Self.fallbacks(menu, keys: keys)
        if case .pending = countdown {
            if let o = options.timeoutOverride { timeout = o } else { timeout = menu.timeout }
            hiddenStyle = menu.hiddenMenu
            startCountdownIfReady()
            if devicesPending, !keyPressed { visible = !(entries.isEmpty || hiddenStyle || timeout == 0) }
        }
        if level != .top && rows(at: level).isEmpty { level = .top }
        let newRows = rows(at: level)
        if let s = selection, newRows.contains(s) {
            // stays
        } else if selection == nil, level == .top, let d = defaultRow {
            selection = d
        } else {
            selection = newRows.isEmpty ? nil : newRows[min(oldIndex, newRows.count - 1)]
        }
        switch screen {
        case .edit(let form) where entry(form.entry) == nil:
            screen = .menu
            status = "The entry's device went away."
        case .login(let form) where !stillPossible(form.action):
            screen = .menu
            status = "The entry's device went away."
        case .details(let k) where entry(k) == nil:
            screen = .menu
            status = "The entry's device went away."
        default:
            break
        }
    }

    /// Every driver of the devices present at start is loaded: the countdown may start
    /// (devices that arrive later still add their entries). A menu that stayed hidden
    /// with nothing to boot shows itself.
    public mutating func devicesSettled() {
        guard devicesPending else { return }
        devicesPending = false
        startCountdownIfReady()
        if case .pending = countdown { visible = true }
    }

    /// While drivers still load, the host found that none of them can bring a disk that
    /// changes the default: a zero timeout boots it now rather than once every driver is
    /// loaded. Nothing changes for other timeouts (their countdown starts at `devicesSettled()`).
    public mutating func defaultIsFinal() {
        guard devicesPending, timeout == 0 else { return }
        defaultFinal = true
        startCountdownIfReady()
    }

    // MARK: Private

    /// Whether a guarded action's entry is still there.
    private func stillPossible(_ action: GuardedAction) -> Bool {
        switch action {
        case .boot(let plan, _): return entries.contains { $0.id == plan.entry.id && $0.configVolume == plan.entry.configVolume }
        case .edit(let k): return entry(k) != nil
        case .shell, .rescan: return true
        }
    }

    private static func positions(_ keys: [EntryKey]) -> [EntryKey: Int] {
        Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func resolveDefault(_ menu: ConfigMenu) -> EntryKey? {
        if let glob = options.defaultGlob,
           let i = menu.entries.firstIndex(where: { Glob.matches(glob, $0.title) || Glob.matches(glob, $0.id) }) {
            return keys[i]
        }
        if let i = menu.defaultIndex, i < keys.count { return keys[i] }
        if let i = menu.entries.firstIndex(where: { $0.isDefault }) { return keys[i] }
        return keys.first
    }

    private static func fallbacks(_ menu: ConfigMenu, keys: [EntryKey]) -> [EntryKey] {
        menu.fallbackIndices.filter { $0 >= 0 && $0 < keys.count }.map { keys[$0] }
    }

    private mutating func startCountdownIfReady() {
        guard case .pending = countdown, defaultKey != nil, !devicesPending || (defaultFinal && timeout == 0),
              !countdownHeld else { return }
        if let t = timeout { countdown = .running(deadline: now + Int64(max(t, 0)) * 1000) } else { countdown = .stopped }
    }

    mutating func boot(_ plan: BootPlan, reason: BootReason) -> [MenuEffect] {
        status = "Booting '\(plan.entry.title)'..."
        return [.boot(plan, reason: reason)]
    }

    private mutating func menuKey(_ key: Key) -> [MenuEffect] {
        let rows = rows(at: level)
        let index = selection.flatMap { rows.firstIndex(of: $0) }
        func select(_ i: Int) {
            guard !rows.isEmpty else { return }
            selection = rows[min(max(i, 0), rows.count - 1)]
        }
        switch key {
        case .up, .control("p"): select((index ?? 0) - 1)
        case .down, .control("n"): select((index ?? -1) + 1)
        case .pageUp: select((index ?? 0) - pageSize)
        case .pageDown: select((index ?? 0) + pageSize)
        case .home: select(0)
        case .end: select(rows.count - 1)
        case .enter, .right:
            switch selection {
            case .submenu(let volume, let path)?:
                level = MenuLevel(volume: volume, path: path)
                selection = self.rows(at: level).first
            case .entry(let k)? where key == .enter:
                if let e = entry(k) { return request(.boot(plan(for: e), reason: .selected)) }
            case .encrypted(let node)? where key == .enter:
                if let v = lockedVolumes.first(where: { $0.node == node }) {
                    screen = .passphrase(PassphraseForm(volume: v))
                    status = nil
                }
            default: break
            }
        case .escape, .left:
            guard let volume = level.volume else { break }
            let from = MenuRow.submenu(volume: volume, path: level.path)
            level = level.path.count > 1 ? MenuLevel(volume: volume, path: Array(level.path.dropLast())) : .top
            selection = from
        case .character("e"):
            if case .entry(let k)? = selection, entry(k) != nil { return request(.edit(k)) }
        case .character("i"):
            if case .entry(let k)? = selection { screen = .details(k); scroll = 0 }
        case .character("l"):
            screen = .log
            scroll = Int.max
            clampScroll()
        case .character("r"):
            return request(.rescan)
        case .character("s") where options.shellAvailable:
            return request(.shell)
        case .character("h"), .character("?"), .function(1):
            screen = .help
            scroll = 0
        case .character("q") where options.allowQuit:
            return [.quit]
        case .character(let c):
            return hotkey(c, in: rows)
        default:
            break
        }
        return []
    }

    private mutating func hotkey(_ c: Character, in rows: [MenuRow]) -> [MenuEffect] {
        let wanted = c.lowercased()
        for row in rows {
            guard case .entry(let k) = row, let e = entry(k), let h = e.hotkey, h.lowercased() == wanted else { continue }
            selection = row
            return request(.boot(plan(for: e), reason: .hotkey))
        }
        return []
    }

    private mutating func editKey(_ key: Key, _ form: EditForm) -> [MenuEffect] {
        var form = form
        switch key {
        case .enter, .control("x"), .function(10):
            guard let e = entry(form.entry) else { screen = .menu; return [] }
            return request(.boot(form.plan(for: e, method: options.kexecMethod), reason: .edited))
        case .escape:
            screen = .menu
            return []
        case .up, .backTab:
            form.moveFocus(by: -1)
        case .down, .tab:
            form.moveFocus(by: 1)
        default:
            _ = form.apply(key)
        }
        screen = .edit(form)
        return []
    }

    private mutating func textKey(_ key: Key, closing: [Character], editing: EntryKey?) -> [MenuEffect] {
        let page = max(1, viewRows - 5)
        switch key {
        case .up: scroll -= 1
        case .down: scroll += 1
        case .pageUp: scroll -= page
        case .pageDown, .character(" "): scroll += page
        case .home: scroll = 0
        case .end: scroll = Int.max
        case .escape, .left, .character("q"):
            screen = .menu
        case .character("e"):
            if let k = editing, entry(k) != nil {
                screen = .menu
                clampScroll()
                return request(.edit(k))
            }
        case .character(let c) where closing.contains(c):
            screen = .menu
        default:
            break
        }
        clampScroll()
        return []
    }

    /// Keeps `scroll` within the text screen's lines.
    private mutating func clampScroll() {
        let count = TextScreens.lines(for: self).count
        let page = max(1, viewRows - 5)
        scroll = min(max(0, scroll), max(0, count - page))
    }
}
