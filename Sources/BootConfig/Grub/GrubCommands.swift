/// GRUB's commands, as far as a menu needs them.
extension GrubInterpreter {
    /// Commands GRUB has that change nothing a kexec menu needs: they succeed silently.
    static let quietCommands: Set<String> = [
        "insmod", "rmmod", "echo", "loadfont", "terminal_input", "terminal_output", "terminfo",
        "serial", "clear", "background_image", "background_color", "play", "gettext", "boot", "module", "module2", "set_background_image",
        "videoinfo", "lsfonts", "sleep", "cutmem", "badram", "search_devicetree",
    ]

    /// Commands that load something other than a Linux kernel.
    static let otherLoaders: Set<String> = [
        "chainloader", "multiboot", "multiboot2", "kfreebsd", "knetbsd", "kopenbsd", "appleloader",
        "fwsetup", "halt", "reboot", "xnu_kernel", "xnu_kernel64", "legacy_kernel", "ntldr",
        "freedos", "truecrypt", "plan9", "exit",
    ]

    /// GRUB's builtin commands, by the names they are called with (one hash lookup per
    /// command instead of a comparison with every name).
    enum Builtin {
        case set, unset, export, `true`, `false`, not, probe, bracket, test, source, configfile
        case extractEntriesConfigfile, extractEntriesSource, loadEnv, saveEnv, search, linux, initrd
        case devicetree, blscfg, regexp, eval, setparams, shift, `return`, `break`, `continue`
        case netConfigure, keystatus
        /// `password`, `password_pbkdf2` (GrubPasswordCommands.swift).
        case password, passwordPBKDF2
        /// Not builtins: names of `quietCommands` and `otherLoaders` (a function of the
        /// same name is called instead).
        case quiet, otherLoader
    }

    /// Builtins by name, with the quiet commands and other loaders.
    static let builtins: GrubNameTable<Builtin> = {
        var table = builtinNames
        for name in quietCommands { table[name] = .quiet }
        for name in otherLoaders { table[name] = .otherLoader }
        return GrubNameTable(table.map { ($0.key, $0.value) })
    }()

    private static let builtinNames: [String: Builtin] = [
        "set": .set,
        "unset": .unset,
        "export": .export,
        "true": .`true`,
        "false": .`false`,
        "!": .not,
        "probe": .probe,
        "[": .bracket,
        "test": .test,
        "source": .source,
        ".": .source,
        "configfile": .configfile,
        "extract_entries_configfile": .extractEntriesConfigfile,
        "extract_entries_source": .extractEntriesSource,
        "load_env": .loadEnv,
        "save_env": .saveEnv,
        "search": .search,
        "search.fs_uuid": .search,
        "search.fs_label": .search,
        "search.file": .search,
        "search.part_uuid": .search,
        "search.part_label": .search,
        "linux": .linux,
        "linuxefi": .linux,
        "linux16": .linux,
        "linux32": .linux,
        "initrd": .initrd,
        "initrdefi": .initrd,
        "initrd16": .initrd,
        "initrd32": .initrd,
        "devicetree": .devicetree,
        "blscfg": .blscfg,
        "bls_import": .blscfg,
        "regexp": .regexp,
        "eval": .eval,
        "setparams": .setparams,
        "shift": .shift,
        "return": .`return`,
        "break": .`break`,
        "continue": .`continue`,
        "net_bootp": .netConfigure,
        "net_dhcp": .netConfigure,
        "net_bootp6": .netConfigure,
        "net_ipv6_autoconf": .netConfigure,
        "keystatus": .keystatus,
        "password": .password,
        "password_pbkdf2": .passwordPBKDF2,
    ]

    /// The builtin (or quiet command, or other loader) called `name`.
    static func builtin(named name: String) -> Builtin? {
        builtins[name]
    }

    /// Runs one expanded command line: builtin, then function, then `NAME=value`.
    /// `builtin`, when given, is what the name resolved to at parse time.
    func runCommand(_ argv: ArraySlice<String>, line: Int, builtin known: Builtin?? = nil) throws(GrubControl) -> Int32 {
        guard let name = argv.first else { return status }
        let args = argv.dropFirst()
        let builtin = known ?? Self.builtin(named: name)
        switch builtin {
        case .set:
            guard let first = args.first else { return 0 }
            guard let eq = first.utf8.firstIndex(of: 0x3D) else { // =
                report("set: \(first): not an assignment", line: line)
                return 1
            }
            try assign(String(first[..<eq]), String(first[first.utf8.index(after: eq)...]), line: line)
            return 0
        case .unset:
            for a in args { env.unset(a) }
            return 0
        case .export:
            for a in args { env.export(a) }
            return 0
        case .`true`: return 0
        case .`false`: return 1
        case .not:
            return try runCommand(args, line: line) == 0 ? 1 : 0
        case .probe:
            return probe(Array(args), line: line)
        case .bracket:
            guard args.last == "]" else {
                report("[: ']' expected", line: line)
                return 1
            }
            return GrubTest(interpreter: self).evaluate(args.dropLast(), line: line) ? 0 : 1
        case .test:
            return GrubTest(interpreter: self).evaluate(args, line: line) ? 0 : 1
        case .source:
            guard let spec = args.first else { report("\(name): filename expected", line: line); return 1 }
            guard let (volume, path) = resolve(spec) else { report("\(name): \(unresolvable(spec))", line: line); return 1 }
            return try include(GrubFile(volume: volume.name, path: path), line: line, command: name)
        case .configfile:
            return try configfile(Array(args), line: line)
        case .extractEntriesConfigfile:
            return try configfile(Array(args), line: line, entriesOnly: true)
        case .extractEntriesSource:
            guard let spec = args.first else { report("\(name): filename expected", line: line); return 1 }
            guard let (volume, path) = resolve(spec) else { report("\(name): \(unresolvable(spec))", line: line); return 1 }
            return try include(GrubFile(volume: volume.name, path: path), line: line, command: name, entriesOnly: true)
        case .loadEnv:
            return loadEnv(Array(args), line: line)
        case .saveEnv:
            return saveEnv(Array(args), line: line)
        case .search:
            return search(name, args, line: line)
        case .linux:
            return loadKernel(name, args, line: line)
        case .initrd:
            return loadInitrds(name, args, line: line)
        case .devicetree:
            // x86 GRUB has no devicetree command: it says "can't find command" and the
            // kernel boots without a DTB.
            if context.architecture == "x64" || context.architecture == "ia32" { return 1 }
            guard let spec = args.first else { report("devicetree: filename expected", line: line); return 1 }
            guard let (volume, path) = resolve(spec) else {
                report("devicetree: \(unresolvable(spec))", line: line)
                return 1
            }
            guard image?.kind == .linux else { return 1 }
            image?.devicetree = (volume.name, path)
            return 0
        case .blscfg:
            return blscfg(Array(args), line: line)
        case .regexp:
            return regexp(Array(args), line: line)
        case .eval:
            let parsed = GrubParser.parse(args.joined(separator: " "))
            for e in parsed.errors { report("eval: \(e.message)", line: line) }
            return try run(parsed.all)
        case .setparams:
            positional = Array(args)
            return 0
        case .shift:
            let n = args.first.flatMap { Int($0) } ?? 1
            if n > positional.count { return 1 }
            positional.removeFirst(n)
            return 0
        case .`return`:
            throw .returnFrom(args.first.flatMap { Int32($0) } ?? status)
        case .`break`:
            throw .breakLoop(max(1, args.first.flatMap { Int($0) } ?? 1))
        case .`continue`:
            throw .continueLoop(max(1, args.first.flatMap { Int($0) } ?? 1))
        case .netConfigure:
            // The lease is known before any config runs: configuring again changes
            // nothing, and succeeds when there is a network.
            return context.netboot == nil ? 1 : 0
        case .password, .passwordPBKDF2:
            return definePassword(name, args, line: line)
        case .keystatus:
            // No key is held while swiftboot evaluates: a bare keystatus succeeds where
            // GRUB supports it, any modifier test fails.
            return args.isEmpty ? 0 : 1
        case .quiet, .otherLoader, nil:
            break
        }
        if !functions.isEmpty, let body = function(named: name) {
            return try call(body, arguments: args, line: line)
        }
        if builtin == .quiet { return 0 }
        if builtin == .otherLoader {
            image = GrubLoadedImage(kind: .other(name))
            return 0
        }
        if let eq = name.utf8.firstIndex(of: 0x3D), eq != name.startIndex {
            try assign(String(name[..<eq]), String(name[name.utf8.index(after: eq)...]), line: line)
            return 0
        }
        // GRUB prints "can't find command" and goes on; so do we, quietly.
        return 1
    }

    /// Longest value a variable may hold; a script that builds larger ones is runaway.
    static let maxValueLength = 256 * 1024

    /// `set NAME=VALUE` / `NAME=VALUE`.
    func assign(_ name: String, _ value: String, line: Int) throws(GrubControl) {
        if value.utf8.count > Self.maxValueLength {
            report("script stopped: \(name) grew past \(Self.maxValueLength) bytes", line: line)
            throw .aborted
        }
        env.set(name, value)
    }

    // MARK: configfile

    /// `configfile FILE`: runs FILE in a new context with a new menu; when that menu has
    /// entries GRUB shows it at once, so it replaces the running menu (or, inside an entry
    /// body, becomes that entry's nested menu).
    private func configfile(_ args: [String], line: Int, entriesOnly: Bool = false) throws(GrubControl) -> Int32 {
        guard let spec = args.first else { report("configfile: filename expected", line: line); return 1 }
        guard let (volume, path) = resolve(spec) else {
            report("configfile: \(unresolvable(spec))", line: line)
            return 1
        }
        let file = GrubFile(volume: volume.name, path: path)
        if probeConfigfile && !inEntryBody { throw .configfileReached(file) }
        let savedEnv = env, savedItems = items, savedPositional = positional
        env = env.newContext(copyAll: copyAllVariables)
        items = []
        var level: GrubMenuLevel?
        var result: Int32
        do {
            result = try include(file, line: line, command: "configfile", entriesOnly: entriesOnly)
            level = GrubMenuLevel(items: items, environment: env, file: file)
        } catch .menuShown(let inner) {
            level = inner
            result = 0
        } catch {
            env = savedEnv; items = savedItems; positional = savedPositional
            throw error
        }
        env = savedEnv; items = savedItems; positional = savedPositional
        if let level, !level.items.isEmpty { throw .menuShown(level) }
        return result
    }

    // MARK: Kernel, initrd

    private func loadKernel(_ name: String, _ args: ArraySlice<String>, line: Int) -> Int32 {
        guard let spec = args.first else { report("\(name): filename expected", line: line); return 1 }
        guard let (volume, path) = resolve(spec) else {
            report("\(name): \(unresolvable(spec))", line: line)
            image = nil
            return 1
        }
        if Self.namesMemtest(path) {
            image = GrubLoadedImage(kind: .other("memtest"))
            return 0
        }
        image = GrubLoadedImage(kind: .linux, volume: volume.name, path: path, written: spec,
                                arguments: Array(args.dropFirst()))
        return 0
    }

    /// Whether the last component of a normalized path contains `memtest` in any ASCII
    /// case (memtest86+ images are not Linux kernels).
    static func namesMemtest(_ path: String) -> Bool {
        let word: [UInt8] = Array("memtest".utf8)
        let bytes = Array(path.utf8)
        let start = (bytes.lastIndex(of: 0x2F) ?? -1) + 1
        guard bytes.count - start >= word.count else { return false }
        for first in start...(bytes.count - word.count) {
            var k = 0
            while k < word.count {
                var b = bytes[first + k]
                if b >= 0x41 && b <= 0x5A { b += 0x20 }
                if b != word[k] { break }
                k += 1
            }
            if k == word.count { return true }
        }
        return false
    }

    private func loadInitrds(_ name: String, _ args: ArraySlice<String>, line: Int) -> Int32 {
        guard image?.kind == .linux else {
            if inEntryBody { report("\(name): you need to load the kernel first", line: line) }
            return 1
        }
        guard !args.isEmpty else { report("\(name): filename expected", line: line); return 1 }
        var initrds: [(String, String)] = []
        for spec in args {
            // `newc:NAME:FILE` adds FILE under another name; the file is what is loaded.
            var fileSpec = spec
            if spec.hasPrefix("newc:"), let colon = spec.dropFirst(5).firstIndex(of: ":") {
                fileSpec = String(spec[spec.index(after: colon)...])
            }
            guard let (volume, path) = resolve(fileSpec) else {
                report("\(name): \(unresolvable(spec))", line: line)
                return 1
            }
            initrds.append((volume.name, path))
        }
        image?.initrds = initrds
        return 0
    }
}
