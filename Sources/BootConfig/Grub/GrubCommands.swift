/// GRUB's commands, as far as a menu needs them.
extension GrubInterpreter {
    /// Commands GRUB has that change nothing a kexec menu needs: they succeed silently.
    static let quietCommands: Set<String> = [
        "insmod", "rmmod", "echo", "loadfont", "terminal_input", "terminal_output", "terminfo",
        "serial", "clear", "background_image", "background_color", "play", "password",
        "password_pbkdf2", "gettext", "boot", "module", "module2", "set_background_image",
        "videoinfo", "lsfonts", "sleep", "cutmem", "badram", "search_devicetree",
    ]

    /// Commands that load something other than a Linux kernel.
    static let otherLoaders: Set<String> = [
        "chainloader", "multiboot", "multiboot2", "kfreebsd", "knetbsd", "kopenbsd", "appleloader",
        "fwsetup", "halt", "reboot", "xnu_kernel", "xnu_kernel64", "legacy_kernel", "ntldr",
        "freedos", "truecrypt", "plan9", "exit",
    ]

    /// Runs one expanded command line: builtin, then function, then `NAME=value`.
    func runCommand(_ argv: [String], line: Int) throws(GrubControl) -> Int32 {
        guard let name = argv.first else { return status }
        let args = Array(argv.dropFirst())
        switch name {
        case "set":
            guard let first = args.first else { return 0 }
            guard let eq = first.firstIndex(of: "=") else {
                report("set: \(first): not an assignment", line: line)
                return 1
            }
            try assign(String(first[..<eq]), String(first[first.index(after: eq)...]), line: line)
            return 0
        case "unset":
            for a in args { env.unset(a) }
            return 0
        case "export":
            for a in args { env.export(a) }
            return 0
        case "true": return 0
        case "false": return 1
        case "!":
            return try runCommand(args, line: line) == 0 ? 1 : 0
        case "probe":
            return probe(args, line: line)
        case "[":
            guard args.last == "]" else {
                report("[: ']' expected", line: line)
                return 1
            }
            return GrubTest(interpreter: self).evaluate(Array(args.dropLast())) ? 0 : 1
        case "test":
            return GrubTest(interpreter: self).evaluate(args) ? 0 : 1
        case "source", ".":
            guard let spec = args.first else { report("\(name): filename expected", line: line); return 1 }
            guard let (volume, path) = resolve(spec) else { report("\(name): \(unresolvable(spec))", line: line); return 1 }
            return try include(GrubFile(volume: volume.name, path: path), line: line, command: name)
        case "configfile":
            return try configfile(args, line: line)
        case "load_env":
            return loadEnv(args, line: line)
        case "save_env":
            return saveEnv(args, line: line)
        case "search", "search.fs_uuid", "search.fs_label", "search.file", "search.part_uuid", "search.part_label":
            return search(name, args, line: line)
        case "linux", "linuxefi", "linux16", "linux32":
            return loadKernel(name, args, line: line)
        case "initrd", "initrdefi", "initrd16", "initrd32":
            return loadInitrds(name, args, line: line)
        case "devicetree":
            guard let spec = args.first, let (volume, path) = resolve(spec) else {
                report("devicetree: filename expected", line: line)
                return 1
            }
            guard image?.kind == .linux else { return 1 }
            image?.devicetree = (volume.name, path)
            return 0
        case "blscfg", "bls_import":
            return blscfg(args, line: line)
        case "regexp":
            return regexp(args, line: line)
        case "eval":
            let parsed = GrubParser.parse(args.joined(separator: " "))
            for e in parsed.errors { report("eval: \(e.message)", line: line) }
            return try run(parsed.commands)
        case "setparams":
            positional = args
            return 0
        case "shift":
            let n = args.first.flatMap { Int($0) } ?? 1
            if n > positional.count { return 1 }
            positional.removeFirst(n)
            return 0
        case "return":
            throw .returnFrom(args.first.flatMap { Int32($0) } ?? status)
        case "break":
            throw .breakLoop(max(1, args.first.flatMap { Int($0) } ?? 1))
        case "continue":
            throw .continueLoop(max(1, args.first.flatMap { Int($0) } ?? 1))
        case "keystatus":
            // No key is held while swiftboot evaluates: a bare keystatus succeeds where
            // GRUB supports it, any modifier test fails.
            return args.isEmpty ? 0 : 1
        default:
            break
        }
        if let body = functions[name] {
            return try call(body, arguments: args, line: line)
        }
        if Self.quietCommands.contains(name) { return 0 }
        if Self.otherLoaders.contains(name) {
            image = GrubLoadedImage(kind: .other(name))
            return 0
        }
        if let eq = name.firstIndex(of: "="), eq != name.startIndex {
            try assign(String(name[..<eq]), String(name[name.index(after: eq)...]), line: line)
            return 0
        }
        // GRUB prints "can't find command" and goes on; so do we, quietly.
        return 1
    }

    // MARK: probe

    /// `probe [--set VAR] --fs|--fs-uuid|--label|--part-uuid|--partmap|--driver DEVICE`:
    /// what discovery knows about a device (`(hd0,gpt2)` or `hd0,gpt2`).
    private func probe(_ args: [String], line: Int) -> Int32 {
        var variable: String?
        var what: String?
        var devices: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            switch a {
            case "--set", "-s":
                if i < args.count { variable = args[i]; i += 1 }
            case "--fs", "-f", "--fs-uuid", "-u", "--label", "-l", "--part-uuid", "--partmap", "-p", "--driver", "-d":
                what = a
            default:
                if a.hasPrefix("--set=") { variable = String(a.dropFirst(6)) } else { devices.append(a) }
            }
        }
        guard let what, var device = devices.first else { report("probe: device and what to probe expected", line: line); return 1 }
        if device.hasPrefix("("), device.hasSuffix(")") { device = String(device.dropFirst().dropLast()) }
        guard let volume = volume(forDevice: device) else { report("probe: no such device: \(device)", line: line); return 1 }
        let value: String?
        switch what {
        case "--fs", "-f": value = volume.fsType.map { $0 == "ext4" || $0 == "ext3" ? "ext2" : $0 }
        case "--fs-uuid", "-u": value = volume.uuid
        case "--label", "-l": value = volume.label
        case "--part-uuid": value = volume.partUUID
        case "--partmap", "-p": value = device.contains(",gpt") ? "gpt" : device.contains(",msdos") ? "msdos" : nil
        default: value = nil
        }
        guard let value else { report("probe: \(what) of \(device) unknown", line: line); return 1 }
        if let variable { env.set(variable, value) }
        return 0
    }

    // MARK: regexp

    /// `regexp [--set [NUMBER:]VAR]… REGEX STRING`: succeeds when REGEX matches; each
    /// `--set` stores group NUMBER (default 1) of the match in VAR.
    private func regexp(_ args: [String], line: Int) -> Int32 {
        var sets: [String] = []
        var operands: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if a == "--set" || a == "-s" {
                if i < args.count { sets.append(args[i]); i += 1 }
            } else if a.hasPrefix("--set=") {
                sets.append(String(a.dropFirst(6)))
            } else {
                operands.append(a)
            }
        }
        guard operands.count == 2 else { report("regexp: two arguments expected", line: line); return 1 }
        guard let regex = GrubRegex(operands[0]) else {
            report("regexp: invalid regular expression '\(operands[0])'", line: line)
            return 1
        }
        guard let match = regex.firstMatch(in: operands[1]) else { return 1 }
        for target in sets {
            var number = 1
            var name = target
            if let colon = target.firstIndex(of: ":"), let n = Int(target[..<colon]) {
                number = n
                name = String(target[target.index(after: colon)...])
            }
            guard number < match.count else {
                report("regexp: no group \(number) in '\(operands[0])'", line: line)
                return 1
            }
            env.set(name, match[number].map(String.init) ?? "")
        }
        return 0
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
    private func configfile(_ args: [String], line: Int) throws(GrubControl) -> Int32 {
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
            result = try include(file, line: line, command: "configfile")
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

    private func loadKernel(_ name: String, _ args: [String], line: Int) -> Int32 {
        guard let spec = args.first else { report("\(name): filename expected", line: line); return 1 }
        guard let (volume, path) = resolve(spec) else {
            report("\(name): \(unresolvable(spec))", line: line)
            image = nil
            return 1
        }
        if Path.basename(path).lowercased().contains("memtest") {
            image = GrubLoadedImage(kind: .other("memtest"))
            return 0
        }
        image = GrubLoadedImage(kind: .linux, volume: volume.name, path: path, written: spec,
                                arguments: Array(args.dropFirst()))
        return 0
    }

    private func loadInitrds(_ name: String, _ args: [String], line: Int) -> Int32 {
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

    // MARK: search

    /// `search [--file|--label|--fs-uuid|--part-label|--part-uuid] [--set[=VAR]] NAME`
    /// and the `search.fs_uuid NAME [VAR]` family. Sets VAR (default `root`) to the
    /// matching volume's GRUB device; the config's own volume is preferred.
    private func search(_ command: String, _ args: [String], line: Int) -> Int32 {
        var kind: String?
        var variable: String?
        var names: [String] = []
        var setGiven = false
        switch command {
        case "search.fs_uuid": kind = "uuid"
        case "search.fs_label": kind = "label"
        case "search.file": kind = "file"
        case "search.part_uuid": kind = "partuuid"
        case "search.part_label": kind = "partlabel"
        default: break
        }
        if command != "search" {
            names = Array(args.prefix(1))
            if args.count > 1 { variable = args[1] }
        } else {
            var i = 0
            while i < args.count {
                let a = args[i]
                i += 1
                switch a {
                case "--file", "-f": kind = "file"
                case "--label", "-l": kind = "label"
                case "--fs-uuid", "-u": kind = "uuid"
                case "--part-uuid": kind = "partuuid"
                case "--part-label": kind = "partlabel"
                case "--no-floppy", "-n", "--efidisk-only", "--cryptodisk-only", "--root-dev-only", "-r":
                    break
                case "--set", "-s":
                    setGiven = true
                    if i < args.count, !args[i].hasPrefix("-") { variable = args[i]; i += 1 }
                case "--hint", "-h", "--hint-bios", "--hint-efi", "--hint-baremetal", "--hint-ieee1275",
                     "--hint-arc", "--hint-uboot", "--hint-coreboot", "--hint-qemu":
                    if i < args.count, !args[i].hasPrefix("-") { i += 1 }
                default:
                    if a.hasPrefix("--set=") {
                        setGiven = true
                        variable = String(a.dropFirst(6))
                    } else if a.hasPrefix("--hint") {
                        continue
                    } else if a.hasPrefix("-") && a.count > 1 {
                        report("search: unknown option '\(a)'", line: line)
                        return 1
                    } else {
                        names.append(a)
                    }
                }
            }
            if names.isEmpty, setGiven, let v = variable {
                // `--set X` with no NAME: X was the NAME.
                names = [v]
                variable = "root"
            }
        }
        if setGiven && variable == nil { variable = "root" }
        guard let kind else { report("search: unspecified search type", line: line); return 1 }
        guard let name = names.first else { report("search: one argument expected", line: line); return 1 }
        var candidates = context.volumes
        if let own = currentVolume, let i = candidates.firstIndex(where: { $0.name == own.name }) {
            candidates.insert(candidates.remove(at: i), at: 0)
        }
        let found = candidates.first { volume in
            switch kind {
            case "uuid": return volume.uuid.map { $0.lowercased() == name.lowercased() } ?? false
            case "label": return volume.label == name
            case "partuuid": return volume.partUUID.map { $0.lowercased() == name.lowercased() } ?? false
            case "partlabel": return volume.partLabel == name
            default: return volume.tree.kind(Path.normalize(name)) != nil
            }
        }
        guard let found else {
            report("search: no such device: \(name)", line: line)
            return 1
        }
        if let variable { env.set(variable, found.grubDevice) }
        return 0
    }

    // MARK: grubenv

    /// Splits `-f FILE` / `--file=FILE` off load_env/save_env arguments.
    private func envFileArguments(_ args: [String]) -> (file: String?, names: [String], skipSignature: Bool) {
        var file: String?
        var names: [String] = []
        var skip = false
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if a == "-f" || a == "--file" {
                if i < args.count { file = args[i]; i += 1 }
            } else if a.hasPrefix("--file=") {
                file = String(a.dropFirst(7))
            } else if a == "-s" || a == "--skip-sig" {
                skip = true
            } else {
                names.append(a)
            }
        }
        return (file, names, skip)
    }

    private func loadEnv(_ args: [String], line: Int) -> Int32 {
        let (fileArg, whitelist, _) = envFileArguments(args)
        let spec = fileArg ?? ((env["prefix"] ?? "") + "/grubenv")
        if Self.isBlockList(spec) {
            // SUSE's env_block on btrfs names raw sectors (`512+1`), not a file.
            report("load_env: \(spec): block lists (raw sectors) are not read by swiftboot", line: line)
            return 1
        }
        guard let (volume, path) = resolve(spec) else {
            report("load_env: \(unresolvable(spec))", line: line)
            return 1
        }
        guard let bytes = try? volume.tree.read(path) else {
            report("load_env: \(path): file not found", line: line)
            return 1
        }
        guard let block = GrubEnvBlock(bytes: bytes) else {
            report("load_env: \(path): invalid environment block", line: line)
            return 1
        }
        for (name, value) in block.variables where whitelist.isEmpty || whitelist.contains(name) {
            env.set(name, value)
        }
        return 0
    }

    /// Whether a file name is a GRUB block list such as `(hd0,gpt2)512+1` or `0+2,10+1`.
    static func isBlockList(_ spec: String) -> Bool {
        var name = Substring(spec)
        if name.hasPrefix("("), let close = name.firstIndex(of: ")") { name = name[name.index(after: close)...] }
        let ranges = name.split(separator: ",", omittingEmptySubsequences: false)
        return !ranges.isEmpty && ranges.allSatisfy { range in
            let parts = range.split(separator: "+", omittingEmptySubsequences: false)
            return parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }
        }
    }

    /// `save_env [-f FILE] VAR…`: recorded, not written. The write happens only when an
    /// entry of this config is booted, in place, as GRUB writes it. GRUB refuses to write
    /// through btrfs, LVM and RAID, and so does this.
    private func saveEnv(_ args: [String], line: Int) -> Int32 {
        let (fileArg, names, _) = envFileArguments(args)
        guard !names.isEmpty else { return 0 }
        let spec = fileArg ?? ((env["prefix"] ?? "") + "/grubenv")
        guard let (volume, path) = resolve(spec) else { return 1 }
        if volume.fsType == "btrfs" || volume.fsType == "zfs_member" || volume.fsType == "zfs" { return 1 }
        if let dev = volume.device, dev.hasPrefix("/dev/mapper/") || dev.hasPrefix("/dev/dm-") || dev.hasPrefix("/dev/md") {
            return 1
        }
        guard let bytes = try? volume.tree.read(path), GrubEnvBlock(bytes: bytes) != nil else { return 1 }
        let variables = names.map { ($0, env[$0] ?? "") }
        guard GrubEnvBlock.updated(bytes, setting: variables.map { ($0.0, env[$0.0]) }) != nil else {
            report("save_env: \(path): environment block too small", line: line)
            return 1
        }
        writes.append(GrubEnvWrite(file: GrubFile(volume: volume.name, path: path), variables: variables))
        return 0
    }
}
