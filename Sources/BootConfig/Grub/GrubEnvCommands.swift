/// `load_env` and `save_env`: the GRUB environment block on disk.
extension GrubInterpreter {
    /// Splits `-f FILE` / `--file=FILE` off load_env/save_env arguments.
    func envFileArguments(_ args: [String]) -> (file: String?, names: [String], skipSignature: Bool) {
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

    func loadEnv(_ args: [String], line: Int) -> Int32 {
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
    func saveEnv(_ args: [String], line: Int) -> Int32 {
        let (fileArg, names, _) = envFileArguments(args)
        guard !names.isEmpty else { return 0 }
        let spec = fileArg ?? ((env["prefix"] ?? "") + "/grubenv")
        guard let (volume, path) = resolve(spec) else { return 1 }
        if volume.fsType == "btrfs" || volume.fsType == "zfs_member" || volume.fsType == "zfs" { return 1 }
        if let dev = volume.device, dev.hasPrefix("/dev/mapper/") || dev.hasPrefix("/dev/dm-") || dev.hasPrefix("/dev/md") {
            return 1
        }
        guard let bytes = try? volume.tree.read(path), GrubEnvBlock(bytes: bytes) != nil else { return 1 }
        let variables = names.map { ($0, env[$0]) }
        guard GrubEnvBlock.updated(bytes, setting: variables) != nil else {
            report("save_env: \(path): environment block too small", line: line)
            return 1
        }
        writes.append(GrubEnvWrite(file: GrubFile(volume: volume.name, path: path), variables: variables))
        return 0
    }
}
