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
        let bytes: [UInt8]
        let path: String
        if let list = GrubBlockList.parse(spec) {
            // SUSE's env_block on btrfs names raw sectors (`512+1`), not a file.
            guard let volume = blockListVolume(list) else {
                report("load_env: \(spec): no such device", line: line)
                return 1
            }
            do {
                bytes = try readBlocks(list, on: volume)
            } catch {
                report("load_env: \(spec): \(error.reason)", line: line)
                return 1
            }
            path = spec
        } else {
            guard let (volume, resolved) = resolve(spec) else {
                report("load_env: \(unresolvable(spec))", line: line)
                return 1
            }
            do {
                bytes = try volume.tree.read(resolved)
            } catch {
                report("load_env: \(error.description)", line: line)
                return 1
            }
            path = resolved
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

    /// The volume a block list names: its device, else `$root`, else the config's own.
    func blockListVolume(_ list: GrubBlockList) -> Volume? {
        var device = list.device ?? ""
        if device.isEmpty { device = env["root"] ?? "" }
        return volume(forDevice: device) ?? currentVolume
    }

    /// The bytes of a block list on a volume whose device can be read.
    func readBlocks(_ list: GrubBlockList, on volume: Volume) throws(FileTreeError) -> [UInt8] {
        guard let blocks = volume.blocks else {
            throw FileTreeError(path: list.sectors, reason: "the sectors of \(volume.name) cannot be read here (not a block device)")
        }
        return try list.read(from: blocks)
    }

    /// `save_env [-f FILE] VAR…`: recorded, not written. The write happens only when an
    /// entry of this config is booted, in place, as GRUB writes it. GRUB refuses to write
    /// through btrfs, LVM and RAID, and so does this.
    func saveEnv(_ args: [String], line: Int) -> Int32 {
        let (fileArg, names, _) = envFileArguments(args)
        guard !names.isEmpty else { return 0 }
        let spec = fileArg ?? ((env["prefix"] ?? "") + "/grubenv")
        let volume: Volume
        let path: String
        let bytes: [UInt8]
        if let list = GrubBlockList.parse(spec) {
            // Sectors outside any file (SUSE's env_block in the btrfs reserved area): the
            // one way GRUB writes on btrfs.
            guard let v = blockListVolume(list), let b = try? readBlocks(list, on: v) else { return 1 }
            (volume, path, bytes) = (v, list.sectors, b)
        } else {
            guard let (v, p) = resolve(spec) else { return 1 }
            if v.fsType == "btrfs" || v.fsType == "zfs_member" || v.fsType == "zfs" { return 1 }
            guard let b = try? v.tree.read(p) else { return 1 }
            (volume, path, bytes) = (v, p, b)
        }
        if let dev = volume.device, dev.hasPrefix("/dev/mapper/") || dev.hasPrefix("/dev/dm-") || dev.hasPrefix("/dev/md") {
            return 1
        }
        guard GrubEnvBlock(bytes: bytes) != nil else { return 1 }
        let variables = names.map { ($0, env[$0]) }
        guard GrubEnvBlock.updated(bytes, setting: variables) != nil else {
            report("save_env: \(path): environment block too small", line: line)
            return 1
        }
        writes.append(GrubEnvWrite(file: GrubFile(volume: volume.name, path: path), variables: variables))
        return 0
    }
}
