/// Runs iPXE scripts far enough to know what they would boot, without booting:
/// every `choose` becomes a submenu whose items each run the rest of the script with
/// their choice, and each `boot` (or `chain` to a kernel) becomes an entry.
final class IPXEInterpreter {
    /// Commands run in one scan at most (all branches): ends `goto` loops.
    static let maxSteps = 20_000
    /// Commands one menu item's branch runs at most (its own nested menus' branches
    /// have budgets of their own): an item whose branch loops does not use up the scan's
    /// budget and lose the items after it.
    static let maxBranchSteps = 2_000
    /// Scripts chained into one another at most.
    static let maxChainDepth = 8
    /// Entries one scan yields at most.
    static let maxEntries = 256
    /// `choose` menus nested at most: each item runs the rest of the script inside its
    /// menu, so a script of consecutive menus nests them.
    static let maxMenuDepth = 32

    /// An image `kernel`/`initrd`/`imgfetch` named.
    struct Image {
        var url: String
        var name: String
        var args: String
    }

    struct Menu {
        var title: String
        var items: [(label: String, text: String, key: Character?, isDefault: Bool, isGap: Bool)] = []
    }

    /// Everything a branch of the script carries.
    struct State {
        var script: IPXEScript
        var line = 0
        var settings: IPXESettings
        var kernel: Image?
        var initrds: [Image] = []
        var submenu: [String] = []
        /// The text of the menu item that led here, the title of the entry it boots.
        var itemTitle: String?
        var itemID: String?
        /// The item's `--key`.
        var itemKey: Character?
        var menu: Menu?
        var chainDepth = 0
        /// Commands this branch ran (since the `choose` that started it).
        var branchSteps = 0
        /// The commands after the running one on its line, and the line's number: a menu
        /// item's branch starts with them.
        var restOfLine: (commands: ArraySlice<IPXEScript.Command>, line: Int)?
    }

    /// How running a script ended.
    enum Outcome { case finished(Int32), stopped }

    private let fetcher: any RemoteFileFetcher
    private var steps = 0
    private var stepLimitReported = false
    private var menuDepthReported = false
    var entries: [BootEntry] = []
    var errors: [ConfigError] = []
    /// Of the first `choose` reached: the entry its default item leads to, its timeout.
    var menuDefault: Int?
    var menuTimeout: Int?
    var sawMenu = false

    init(fetcher: any RemoteFileFetcher) {
        self.fetcher = fetcher
    }

    /// Runs `state` from its current line to the end, `exit`, a boot or a menu. A menu
    /// item's branch first runs what followed `choose` on its line (`choose target &&
    /// goto ${target}`), `choose` having succeeded.
    @discardableResult
    func run(_ state: inout State) -> Outcome {
        var status: Int32 = 0
        var pending = state.restOfLine
        state.restOfLine = nil
        while true {
            let commands: ArraySlice<IPXEScript.Command>
            let number: Int
            if let rest = pending {
                (commands, number) = rest
                pending = nil
            } else {
                guard state.line < state.script.lines.count else { break }
                let line = state.script.lines[state.line]
                state.line += 1
                if line.label != nil { continue }
                commands = ArraySlice(line.commands)
                number = line.number
            }
            for index in commands.indices {
                let command = commands[index]
                switch command.link {
                case .and where status != 0: continue
                case .or where status == 0: continue
                default: break
                }
                steps += 1
                if steps > Self.maxSteps {
                    if !stepLimitReported {
                        report(state, number, "script stopped after \(Self.maxSteps) commands (a goto loop?)")
                        stepLimitReported = true
                    }
                    return .stopped
                }
                state.branchSteps += 1
                if state.branchSteps > Self.maxBranchSteps, let item = state.itemID {
                    report(state, number, "menu item '\(item)' stopped after \(Self.maxBranchSteps) commands (a goto loop?)")
                    return .stopped
                }
                let lineBefore = state.line
                // What a menu's branches run first, should this command be `choose`.
                state.restOfLine = (commands[(index + 1)...], number)
                let words = command.words.map { $0.utf8.containsDollarBrace ? state.settings.expand($0) : $0 }
                let result = execute(words, &state, line: number)
                state.restOfLine = nil
                switch result {
                case .status(let s): status = s
                case .stop: return .stopped
                case .exit(let s): return .finished(s)
                }
                // A goto leaves the rest of the line.
                if state.line != lineBefore { break }
            }
        }
        return .finished(status)
    }

    private enum Result { case status(Int32), stop, exit(Int32) }

    private func execute(_ words: [String], _ state: inout State, line: Int) -> Result {
        guard let name = words.first else { return .status(0) }
        var args = Array(words.dropFirst())
        switch name {
        case "echo", "sleep", "dhcp", "ifopen", "ifconf", "ifclose", "ifstat", "route", "ntp", "console",
             "colour", "cpair", "nslookup", "show", "params", "param", "cpuid":
            return .status(0)
        case "prompt":
            // Nobody presses a key while swiftboot reads the script.
            return .status(1)
        case "set":
            guard let target = args.first else { return .status(1) }
            state.settings.stored[Self.bare(target)] = args.dropFirst().joined(separator: " ")
            return .status(0)
        case "clear":
            guard let target = args.first else { return .status(1) }
            state.settings.stored[Self.bare(target)] = nil
            return .status(0)
        case "inc":
            guard let target = args.first else { return .status(1) }
            let key = Self.bare(target)
            let current = Int(state.settings.value(of: key) ?? "0") ?? 0
            state.settings.stored[key] = String(current + (args.count > 1 ? Int(args[1]) ?? 1 : 1))
            return .status(0)
        case "isset":
            return .status(args.isEmpty || args[0].isEmpty ? 1 : 0)
        case "iseq":
            return .status(args.count == 2 && args[0] == args[1] ? 0 : 1)
        case "goto":
            guard let label = args.first, let index = state.script.labels[label] else {
                report(state, line, "goto: no label '\(args.first ?? "")'")
                return .status(1)
            }
            state.line = index + 1
            return .status(0)
        case "exit":
            return .exit(Int32(args.first.flatMap { Int($0) } ?? 0))
        case "poweroff", "reboot", "shell":
            return .stop
        case "kernel", "imgselect", "initrd", "module", "imgfetch", "imgload":
            let options = Self.options(&args, valued: ["--name", "-n", "--timeout", "-t"])
            guard let ref = args.first else {
                report(state, line, "\(name): no image URL")
                return .status(1)
            }
            let url = IPXEURL.resolve(ref, against: state.script.url)
            let image = Image(url: url, name: options["--name"] ?? options["-n"] ?? Self.baseName(url),
                              args: args.dropFirst().joined(separator: " "))
            if ["kernel", "imgselect", "imgload"].contains(name) { state.kernel = image } else { state.initrds.append(image) }
            return .status(0)
        case "imgargs":
            guard let target = args.first else { return .status(1) }
            guard state.kernel?.name == target || state.kernel.map({ Self.baseName($0.url) }) == target else {
                report(state, line, "imgargs: no image '\(target)'")
                return .status(1)
            }
            state.kernel?.args = args.dropFirst().joined(separator: " ")
            return .status(0)
        case "imgfree":
            if let target = args.first {
                if state.kernel?.name == target { state.kernel = nil }
                state.initrds.removeAll { $0.name == target }
            } else {
                state.kernel = nil
                state.initrds = []
            }
            return .status(0)
        case "boot":
            guard state.kernel != nil else {
                report(state, line, "boot: no kernel loaded")
                return .status(1)
            }
            emit(state, line: line)
            return .stop
        case "chain", "imgexec":
            if name == "imgexec" && args.isEmpty { return execute(["boot"], &state, line: line) }
            _ = Self.options(&args, valued: ["--name", "-n", "--timeout", "-t"])
            guard let ref = args.first else { return .status(1) }
            return chain(IPXEURL.resolve(ref, against: state.script.url), args: Array(args.dropFirst()), &state, line: line)
        case "menu":
            state.menu = Menu(title: args.joined(separator: " "))
            return .status(0)
        case "item":
            let options = Self.options(&args, valued: ["--key", "-k"])
            let isGap = options["--gap"] != nil || args.isEmpty
            let key = (options["--key"] ?? options["-k"]).flatMap { $0.count == 1 ? $0.first : nil }
            state.menu?.items.append((label: args.first ?? "", text: args.dropFirst().joined(separator: " "),
                                      key: key, isDefault: options["--default"] != nil, isGap: isGap))
            return .status(0)
        case "choose":
            let options = Self.options(&args, valued: ["--default", "-d", "--timeout", "-t", "--menu", "-m"])
            guard let variable = args.first, let menu = state.menu else {
                report(state, line, "choose: no menu")
                return .status(1)
            }
            let defaultLabel = options["--default"] ?? options["-d"]
            guard state.submenu.count < Self.maxMenuDepth else {
                // Too deep for another submenu: the default item is chosen, in this branch.
                if !menuDepthReported {
                    menuDepthReported = true
                    report(state, line, "choose: menus nested deeper than \(Self.maxMenuDepth) levels; "
                           + "deeper menus take their default item")
                }
                let items = menu.items.filter { !$0.isGap }
                let chosen = defaultLabel.flatMap { d in items.first { $0.label == d } } ?? items.first { $0.isDefault }
                guard let item = chosen ?? items.first else { return .status(1) }
                state.menu = nil
                state.settings.stored[Self.bare(variable)] = item.label
                // A menu passed is progress, as a branch of its own would be.
                state.branchSteps = 0
                return .status(0)
            }
            choose(menu, into: Self.bare(variable), defaultLabel: defaultLabel,
                   timeout: (options["--timeout"] ?? options["-t"]).flatMap { Int($0) }, &state)
            return .stop
        case "sanboot", "sanhook", "autoboot":
            report(state, line, "\(name) is not supported: swiftboot boots Linux kernels only")
            return .status(1)
        default:
            report(state, line, "unknown command '\(name)'")
            return .status(1)
        }
    }

    /// `chain URL`: a script runs in place (its `exit` status returns here), anything
    /// else is taken as a kernel and booted with `args`.
    private func chain(_ url: String, args: [String], _ state: inout State, line: Int) -> Result {
        guard state.chainDepth < Self.maxChainDepth else {
            report(state, line, "chain: more than \(Self.maxChainDepth) scripts deep at \(url)")
            return .status(1)
        }
        let bytes: [UInt8]
        do {
            bytes = try fetcher.fetch(url)
        } catch {
            // iPXE fails the command; scripts go on with `|| goto ...`.
            if !error.notFound { report(state, line, "chain: cannot fetch \(url): \(error.reason)") }
            return .status(1)
        }
        let text = String(decoding: bytes.prefix(1 << 20), as: UTF8.self)
        if let script = IPXEScript(url: url, text: text) {
            var inner = state
            inner.script = script
            inner.line = 0
            inner.chainDepth += 1
            switch run(&inner) {
            case .stopped: return .stop
            case .finished(let s):
                state.settings = inner.settings
                return .status(s)
            }
        }
        switch BootFileKind.classify(name: url, head: Array(bytes.prefix(4096))) {
        case .linuxKernel:
            state.kernel = Image(url: url, name: Self.baseName(url), args: args.joined(separator: " "))
            emit(state, line: line)
            return .stop
        case .unsupported(let why):
            report(state, line, "chain: \(url) is \(why)")
        default:
            report(state, line, "chain: \(url) is not a Linux kernel or iPXE script")
        }
        return .status(1)
    }

    /// Runs the rest of the script once per item, the variable set to its label.
    private func choose(_ menu: Menu, into variable: String, defaultLabel: String?, timeout: Int?, _ state: inout State) {
        let isFirstMenu = !sawMenu
        sawMenu = true
        let title = menu.title.isEmpty ? "iPXE" : menu.title
        for item in menu.items where !item.isGap {
            guard entries.count < Self.maxEntries else { break }
            var branch = state
            branch.menu = nil
            branch.settings.stored[variable] = item.label
            branch.submenu = state.submenu + [title]
            branch.itemTitle = item.text.isEmpty ? item.label : item.text
            branch.itemID = item.label
            branch.itemKey = item.key
            branch.branchSteps = 0
            let before = entries.count
            run(&branch)
            let isDefault = defaultLabel.map { $0 == item.label } ?? item.isDefault
            if isFirstMenu, isDefault, entries.count > before, menuDefault == nil { menuDefault = before }
        }
        if isFirstMenu { menuTimeout = timeout.map { ($0 + 999) / 1000 } }
    }

    private func emit(_ state: State, line: Int) {
        guard let kernel = state.kernel, entries.count < Self.maxEntries,
              let (base, path) = IPXEURL.split(kernel.url) else { return }
        let initrds = state.initrds.map { image -> String in
            guard let (b, p) = IPXEURL.split(image.url), b == base else { return image.url }
            return p
        }
        let (scriptBase, scriptPath) = IPXEURL.split(state.script.url) ?? ("", state.script.url)
        entries.append(BootEntry(
            title: state.itemTitle ?? "\(Self.baseName(kernel.url)) from \(base)",
            id: state.itemID ?? kernel.url, source: .ipxe, config: scriptPath, line: line,
            configVolume: scriptBase, fs: base, submenu: state.submenu, kernel: path,
            initrds: initrds, cmdline: kernel.args, hotkey: state.itemKey))
    }

    private func report(_ state: State, _ line: Int, _ message: String) {
        let (base, path) = IPXEURL.split(state.script.url) ?? ("", state.script.url)
        errors.append(ConfigError(volume: base, config: path, line: line, message: message))
    }

    /// Removes `--opt`/`--opt value`/`-o value` options before the first other word.
    private static func options(_ args: inout [String], valued: Set<String>) -> [String: String] {
        var found: [String: String] = [:]
        while let first = args.first, first.hasPrefix("-"), first.count > 1 {
            args.removeFirst()
            if let eq = first.firstIndex(of: "=") {
                found[String(first[..<eq])] = String(first[first.index(after: eq)...])
            } else if valued.contains(first), !args.isEmpty {
                found[first] = args.removeFirst()
            } else {
                found[first] = ""
            }
        }
        return found
    }

    /// A setting name without its `:type` (`retries:int32` → `retries`).
    private static func bare(_ name: String) -> String {
        String(name.prefix { $0 != ":" })
    }

    /// The last path component of a URL, without its query.
    static func baseName(_ url: String) -> String {
        Path.basename(String(url.prefix { $0 != "?" && $0 != "#" }))
    }
}
