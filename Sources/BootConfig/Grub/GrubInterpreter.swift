/// Control flow that unwinds the interpreter.
enum GrubControl: Error {
    case breakLoop(Int)
    case continueLoop(Int)
    case returnFrom(Int32)
    /// A `configfile` showed its own menu: it takes the place of the running one.
    case menuShown(GrubMenuLevel)
    /// Probe mode reached a top-level `configfile`.
    case configfileReached(GrubFile)
    /// The script ran away (step budget or recursion depth exceeded).
    case aborted
}

/// Runs GRUB script the way GRUB's normal mode does, against the volumes discovery found.
///
/// Menu definitions are collected per menu level; their bodies are run later, by
/// `GrubMenuEvaluator`, in the environment GRUB gives them when chosen.
final class GrubInterpreter {
    /// Limits that keep a hostile or broken config from hanging the menu.
    static let maxLoopIterations = 10_000
    /// Commands per scan: a real config runs tens of thousands (the 2,000-entry benchmark
    /// about 60,000); a function that calls itself several times per level reaches this
    /// in about 0.3 s on the host (a few seconds under TCG) instead of 2 s at 4,000,000.
    static let maxSteps = 500_000
    static let maxCallDepth = 64
    static let maxFileDepth = 16
    /// Commands running inside one another at most: blocks nested through function calls
    /// and sourced files multiply (`GrubParser.maxDepth` × `maxCallDepth` × `maxFileDepth`
    /// would overflow the stack). Past it, the command fails; one error per scan.
    static let maxExecutionDepth = 1_024

    let context: ScanContext
    /// Fedora's GRUB copies every variable (not only exported ones) into the context of
    /// a `submenu` or `configfile`.
    let copyAllVariables: Bool
    /// Stop at the first `configfile` outside any entry body and report its target.
    var probeConfigfile = false

    var env = GrubEnvironment()
    var positional: [String] = []
    var functions: [String: GrubBlock] = [:]
    /// Bit n set when a function whose name is n bytes long (mod 64) is defined: most
    /// command names are then known not to be functions without hashing them.
    var functionLengths: UInt64 = 0
    var status: Int32 = 0
    /// Items of the menu level being defined.
    var items: [GrubMenuItem] = []
    /// Files being read, innermost last.
    var files: [GrubFile] = []
    /// The file whose entry body is running (no file is being read then).
    var baseFile: GrubFile?
    /// Configs whose menus enclose the body being run: opening one of them again would
    /// nest menus without end.
    var shownFiles: [GrubFile] = []
    /// Menu items whose bodies have been run (bounded by `GrubMenuEvaluator.maxItems`).
    var itemsRun = 0
    var errors: [ConfigError] = []
    /// `save_env` writes recorded since the sink was last emptied.
    var writes: [GrubEnvWrite] = []
    /// Set while an entry body runs: what it loaded.
    var image: GrubLoadedImage?
    var inEntryBody = false
    /// Volumes whose BLS entries `blscfg` turned into menu entries.
    var blsVolumes: Set<String> = []
    /// Network servers reached through `(http,server)`-style device names that the
    /// scan context does not list, by base URL (see `GrubNetDevice`).
    var remoteVolumes: [String: Volume] = [:]
    /// Users defined by `password`/`password_pbkdf2` (GRUB keeps one list for the whole run).
    var credentials: [String: Credential] = [:]
    private var steps = 0

    /// Starts a new `maxSteps` budget: the script's run and the runs of its entry bodies
    /// each get one, so a runaway script keeps the entries it defined before it stopped.
    func resetStepBudget() { steps = 0 }
    private var callDepth = 0
    private var executionDepth = 0
    private var executionDepthReported = false
    private var scripts: [GrubFile: GrubProgram] = [:]

    init(context: ScanContext, copyAllVariables: Bool) {
        self.context = context
        self.copyAllVariables = copyAllVariables
    }

    // MARK: Variables GRUB defines before reading grub.cfg

    /// Sets up the environment GRUB has when it reads `file`: features, platform, `root`,
    /// `prefix`, `cmdpath`.
    func prepare(for file: GrubFile, volume: Volume) {
        for feature in ["feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
                        "feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
                        "feature_menuentry_options", "feature_200_final", "feature_nativedisk_cmd",
                        "feature_timeout_style", "feature_search_cryptodisk_only"] {
            env.set(feature, "y")
            env.export(feature)
        }
        let cpu: String
        switch context.architecture {
        case "x64": cpu = "x86_64"
        case "ia32": cpu = "i386"
        case "aa64": cpu = "arm64"
        case "arm": cpu = "arm"
        default: cpu = context.architecture
        }
        for (name, value) in [("grub_platform", context.grubPlatform), ("grub_cpu", cpu),
                              ("root", volume.grubDevice),
                              ("prefix", "(\(volume.grubDevice))\(Path.directory(of: file.path))"),
                              ("cmdpath", "(\(volume.grubDevice))\(Path.directory(of: file.path))")] {
            env.set(name, value)
            env.export(name)
        }
        if let client = context.netboot { prepareNetwork(client, volume: volume) }
    }

    // MARK: Errors

    func report(_ message: String, line: Int?) {
        let file = files.last ?? baseFile ?? GrubFile(volume: "", path: "")
        errors.append(ConfigError(volume: file.volume, config: file.path, line: line, message: message))
    }

    // MARK: Files

    /// The parsed script of a file, read once per scan. Syntax errors are reported the
    /// first time. Throws why the file cannot be read.
    func script(_ file: GrubFile) throws(FileTreeError) -> GrubProgram {
        if let cached = scripts[file] { return cached }
        guard let volume = knownVolume(named: file.volume) else {
            throw FileTreeError(path: file.path, reason: "no filesystem \(file.volume)")
        }
        let text = try volume.tree.readText(file.path)
        let parsed = GrubParser.parse(text)
        for e in parsed.errors {
            errors.append(ConfigError(volume: file.volume, config: file.path, line: e.line, message: e.message))
        }
        scripts[file] = parsed
        return parsed
    }

    /// The GRUB name of a file: `(hd0,gpt2)/boot/grub/grub.cfg`.
    func grubPath(_ file: GrubFile) -> String {
        guard let volume = knownVolume(named: file.volume) else { return file.path }
        return "(\(volume.grubDevice))\(file.path)"
    }

    /// Runs `file` in the current context, with `config_file`/`config_directory` set to it
    /// for the time it runs (as GRUB's `read_config_file` does).
    /// With `entriesOnly` (`extract_entries_*`), only the file's top-level `menuentry` and
    /// `submenu` definitions run.
    func include(_ file: GrubFile, line: Int?, command: String, entriesOnly: Bool = false) throws(GrubControl) -> Int32 {
        if files.count >= Self.maxFileDepth {
            report("\(command): \(file.path): configs nested too deeply", line: line)
            return 1
        }
        if files.contains(file) || (command == "configfile" && shownFiles.contains(file)) {
            report("\(command): \(file.path): already being read (loop)", line: line)
            return 1
        }
        let parsed: GrubProgram
        do {
            parsed = try script(file)
        } catch {
            // Reported where the command is, or, for the config itself, on the config.
            let at = files.last ?? baseFile ?? file
            errors.append(ConfigError(volume: at.volume, config: at.path, line: line,
                                      message: "\(command): \(error.description)"))
            return 1
        }
        let oldFile = env["config_file"], oldDirectory = env["config_directory"]
        env.set("config_file", grubPath(file))
        env.export("config_file")
        let dirFile = GrubFile(volume: file.volume, path: Path.directory(of: file.path))
        env.set("config_directory", grubPath(dirFile))
        env.export("config_directory")
        files.append(file)
        defer {
            files.removeLast()
            if let oldFile { env.set("config_file", oldFile) } else { env.unset("config_file") }
            if let oldDirectory { env.set("config_directory", oldDirectory) } else { env.unset("config_directory") }
        }
        do {
            if entriesOnly {
                return try run(parsed.all, menusOnly: true)
            }
            return try run(parsed.all)
        } catch .returnFrom(let s) {
            return s
        } catch .breakLoop, .continueLoop {
            return status
        }
    }

    // MARK: Execution

    /// Runs commands in order; returns the status of the last one. With `menusOnly`,
    /// only the `menuentry` and `submenu` definitions run.
    func run(_ block: GrubBlock, menusOnly: Bool = false) throws(GrubControl) -> Int32 {
        let program = block.program
        var i = Int(block.start)
        let end = Int(block.end)
        while i < end {
            let next = Int(program.nodes[i].end)
            if !menusOnly || program.nodes[i].kind == .menu {
                status = try execute(program, i)
            }
            i = next
        }
        return status
    }

    private func execute(_ program: GrubProgram, _ index: Int) throws(GrubControl) -> Int32 {
        steps += 1
        if steps > Self.maxSteps {
            report("script stopped: more than \(Self.maxSteps) commands executed", line: nil)
            throw .aborted
        }
        let node = program.nodes[index]
        let line = Int(node.line)
        guard executionDepth < Self.maxExecutionDepth else {
            if !executionDepthReported {
                executionDepthReported = true
                report("commands nested more than \(Self.maxExecutionDepth) deep (blocks inside function calls "
                       + "and sourced files); the innermost fail", line: line)
            }
            return 1
        }
        executionDepth += 1
        defer { executionDepth -= 1 }
        switch node.kind {
        case .command:
            let argv = expand(program, node.words)
            return try runCommand(argv[...], line: line, builtin: node.nameIsLiteral ? .some(node.builtin) : nil)
        case .conditional:
            // Children: condition, body, condition, body… then the else body.
            var child = index + 1
            let end = Int(node.end)
            while child < end {
                let childEnd = Int(program.nodes[child].end)
                if childEnd == end {
                    // The else body.
                    return try run(GrubBlock(program: program, childrenOf: child))
                }
                if try run(GrubBlock(program: program, childrenOf: child)) == 0 {
                    return try run(GrubBlock(program: program, childrenOf: childEnd))
                }
                child = Int(program.nodes[childEnd].end)
            }
            return 0
        case .loop:
            let condition = GrubBlock(program: program, childrenOf: index + 1)
            let body = GrubBlock(program: program, childrenOf: Int(program.nodes[index + 1].end))
            var iterations = 0
            var result: Int32 = 0
            while true {
                let test = try run(condition)
                if (test == 0) == node.flag { break }
                iterations += 1
                if iterations > Self.maxLoopIterations {
                    report("loop stopped after \(Self.maxLoopIterations) iterations", line: line)
                    break
                }
                guard let status = try runLoopBody(body) else { break }
                result = status
            }
            return result
        case .forEach:
            let name = program.words[Int(node.name)].literal ?? ""
            let body = GrubBlock(program: program, childrenOf: index)
            var result: Int32 = 0
            for (i, value) in expand(program, node.words).enumerated() {
                if i >= Self.maxLoopIterations {
                    report("loop stopped after \(Self.maxLoopIterations) iterations", line: line)
                    break
                }
                env.set(name, value)
                guard let status = try runLoopBody(body) else { break }
                result = status
            }
            return result
        case .function:
            let name = program.words[Int(node.name)].literal ?? ""
            functions[name] = GrubBlock(program: program, childrenOf: index)
            functionLengths |= 1 << UInt64(name.utf8.count & 63)
            return 0
        case .menu:
            return defineMenuItem(submenu: node.flag, arguments: expand(program, node.words),
                                  body: GrubBlock(program: program, childrenOf: index), line: line)
        case .group, .list:
            return try run(GrubBlock(program: program, childrenOf: index))
        }
    }

    /// The function called `name`, if one is defined.
    func function(named name: String) -> GrubBlock? {
        guard functionLengths & (1 << UInt64(name.utf8.count & 63)) != 0 else { return nil }
        return functions[name]
    }

    /// Calls a function defined with `function NAME { … }`.
    func call(_ body: GrubBlock, arguments: ArraySlice<String>, line: Int) throws(GrubControl) -> Int32 {
        if callDepth >= Self.maxCallDepth {
            // Fail this call only: the callers unwind and the script goes on.
            report("function calls nested too deeply", line: line)
            return 1
        }
        let saved = positional
        positional = Array(arguments)
        callDepth += 1
        defer {
            positional = saved
            callDepth -= 1
        }
        do {
            return try run(body)
        } catch .returnFrom(let s) {
            return s
        }
    }

    // MARK: Menu definitions

    /// Whether `name` is a `menuentry`/`submenu` option that takes a value.
    private static func isValuedMenuOption(_ name: String) -> Bool {
        switch name {
        case "class", "users", "hotkey", "source", "id": return true
        default: return false
        }
    }

    /// `menuentry`/`submenu`: parses the options as GRUB's `arg.c` does and records the
    /// item. The first non-option word is the title; further words are `$2`, `$3`…
    private func defineMenuItem(submenu: Bool, arguments: [String], body: GrubBlock, line: Int) -> Int32 {
        var id: String?
        var hotkey: Character?
        var users: String?
        var unrestricted = false
        var positionals: [String] = []
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if optionsEnded || !arg.hasPrefix("--") || arg == "-" {
                positionals.append(arg)
                continue
            }
            if arg == "--" { optionsEnded = true; continue }
            // `--NAME` or `--NAME=VALUE`, split on bytes (the two dashes are two bytes).
            let utf8 = arg.utf8
            let nameStart = utf8.index(utf8.startIndex, offsetBy: 2)
            let eq = utf8[nameStart...].firstIndex(of: 0x3D) // =
            let name = String(arg[nameStart..<(eq ?? utf8.endIndex)])
            var value = eq.map { String(arg[utf8.index(after: $0)...]) }
            if name == "unrestricted" { unrestricted = true; continue }
            guard Self.isValuedMenuOption(name) else {
                report("\(submenu ? "submenu" : "menuentry"): unknown option '--\(name)'", line: line)
                return 1
            }
            if value == nil, i < arguments.count, !arguments[i].hasPrefix("-") {
                value = arguments[i]
                i += 1
            }
            switch name {
            case "id": id = value
            case "users": users = value ?? ""
            case "hotkey":
                if let v = value {
                    switch v {
                    case "backspace": hotkey = "\u{8}"
                    case "tab": hotkey = "\t"
                    case "delete": hotkey = "\u{7F}"
                    default: hotkey = v.first
                    }
                }
            default: break
            }
        }
        guard let title = positionals.first else {
            report("\(submenu ? "submenu" : "menuentry"): missing title", line: line)
            return 1
        }
        let file = files.last ?? baseFile ?? GrubFile(volume: "", path: "")
        items.append(GrubMenuItem(submenu: submenu, title: title, id: id ?? title, hotkey: hotkey,
                                  users: users, unrestricted: unrestricted,
                                  arguments: positionals, body: body, file: file, line: line))
        return 0
    }

    // MARK: Expansion

    /// Expands words into argv: variables substituted, unquoted expansions split on
    /// blanks, an unquoted empty expansion yielding no word at all.
    func expand(_ program: GrubProgram, _ words: Range<Int>) -> [String] {
        var argv: [String] = []
        argv.reserveCapacity(words.count)
        let all = program.words
        for i in words {
            // A literal word is its own text: read in place, copied once into argv.
            if let literal = all[i].literal {
                argv.append(literal)
            } else {
                expand(all[i], into: &argv)
            }
        }
        return argv
    }

    private func expand(_ word: GrubWord, into argv: inout [String]) {
        if let literal = word.literal {
            argv.append(literal)
            return
        }
        var current = ""
        var hasCurrent = word.quoted
        for part in word.parts {
            switch part {
            case .text(let t):
                current += t
                hasCurrent = true
            case .variable(let name, quoted: true):
                if name == "@" {
                    // "$@": one word per positional parameter.
                    for (i, p) in positional.enumerated() {
                        if i > 0 { argv.append(current); current = "" }
                        current += p
                    }
                } else {
                    current += value(of: name) ?? ""
                }
                hasCurrent = true
            case .variable(let name, quoted: false):
                let text = (name == "@" ? positional.joined(separator: " ") : value(of: name)) ?? ""
                if text.isEmpty { continue }
                if !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
                    // No blank: one field, glued to what precedes it.
                    current += text
                    hasCurrent = true
                    continue
                }
                let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
                let fields = text.split(whereSeparator: isBlank)
                if (fields.isEmpty || isBlank(text.first!)) && hasCurrent {
                    argv.append(current)
                    current = ""
                    hasCurrent = false
                }
                if fields.isEmpty { continue }
                for (i, field) in fields.enumerated() {
                    if i > 0 { argv.append(current); current = "" }
                    current += field
                    hasCurrent = true
                }
                if isBlank(text.last!) {
                    argv.append(current)
                    current = ""
                    hasCurrent = false
                }
            }
        }
        if hasCurrent { argv.append(current) }
    }

    /// The value of `$name`: positionals, `$#`, `$?`, `$*`, or a variable.
    func value(of name: String) -> String? {
        if let first = name.utf8.first, first >= 0x30 && first <= 0x39 {
            guard let n = Int(name) else { return nil }
            if n == 0 { return nil }
            return n <= positional.count ? positional[n - 1] : nil
        }
        guard name.utf8.count == 1 else { return env[name] }
        switch name {
        case "#": return String(positional.count)
        case "?": return String(status)
        case "*": return positional.joined(separator: " ")
        default: return env[name]
        }
    }

    /// One pass of a loop body: its status, or nil when `break` ended the loop. `break N`
    /// and `continue N` with N > 1 go on to the enclosing loop.
    private func runLoopBody(_ body: GrubBlock) throws(GrubControl) -> Int32? {
        do {
            return try run(body)
        } catch .breakLoop(let n) {
            if n > 1 { throw .breakLoop(n - 1) }
            return nil
        } catch .continueLoop(let n) {
            if n > 1 { throw .continueLoop(n - 1) }
            return status
        }
    }

}
