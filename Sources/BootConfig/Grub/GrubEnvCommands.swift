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
        let place: EnvBlockPlace
        do {
            place = try locateEnvBlock(spec)
            bytes = try readEnvBlock(place)
        } catch {
            report("load_env: \(error.message)", line: line)
            return 1
        }
        guard let block = GrubEnvBlock(bytes: bytes) else {
            report("load_env: \(place.shown): invalid environment block", line: line)
            return 1
        }
        for (name, value) in block.variables where whitelist.isEmpty || whitelist.contains(name) {
            env.set(name, value)
        }
        return 0
    }

    /// Where an environment block is: a file on a volume, or sectors of a volume's device
    /// named by a GRUB block list (SUSE's `env_block` on btrfs, `(hd0,gpt2)512+1`).
    struct EnvBlockPlace {
        var volume: Volume
        /// The file's path, or the block list's sectors (`512+1`).
        var path: String
        var blocks: GrubBlockList?
        /// How messages name it: a block list as written, a file as resolved.
        var shown: String
    }

    /// Why an environment block cannot be found or read, as load_env reports it.
    struct EnvBlockError: Error {
        var message: String
    }

    /// Resolves `load_env`/`save_env`'s file name: a block list's device, else `$root`,
    /// else the config's own volume; a file through `resolve`.
    func locateEnvBlock(_ spec: String) throws(EnvBlockError) -> EnvBlockPlace {
        if let list = GrubBlockList.parse(spec) {
            var device = list.device ?? ""
            if device.isEmpty { device = env["root"] ?? "" }
            guard let volume = volume(forDevice: device) ?? currentVolume else {
                throw EnvBlockError(message: "\(spec): no such device")
            }
            return EnvBlockPlace(volume: volume, path: list.sectors, blocks: list, shown: spec)
        }
        guard let (volume, path) = resolve(spec) else { throw EnvBlockError(message: unresolvable(spec)) }
        return EnvBlockPlace(volume: volume, path: path, blocks: nil, shown: path)
    }

    /// The bytes of the block: the file, or the sectors of a device that can be read.
    func readEnvBlock(_ place: EnvBlockPlace) throws(EnvBlockError) -> [UInt8] {
        do throws(FileTreeError) {
            guard let list = place.blocks else { return try place.volume.tree.read(place.path) }
            guard let blocks = place.volume.blocks else {
                throw FileTreeError(path: place.shown,
                                    reason: "the sectors of \(place.volume.name) cannot be read here (not a block device)")
            }
            return try list.read(from: blocks)
        } catch {
            throw EnvBlockError(message: place.blocks != nil ? "\(place.shown): \(error.reason)" : error.description)
        }
    }

    /// `save_env [-f FILE] VAR…`: recorded, not written. The write happens only when an
    /// entry of this config is booted, in place, as GRUB writes it. GRUB refuses to write
    /// through btrfs, LVM and RAID, and so does this; on btrfs only a block list (SUSE's
    /// env_block, sectors outside any file) can be written.
    func saveEnv(_ args: [String], line: Int) -> Int32 {
        let (fileArg, names, _) = envFileArguments(args)
        guard !names.isEmpty else { return 0 }
        let spec = fileArg ?? ((env["prefix"] ?? "") + "/grubenv")
        guard let place = try? locateEnvBlock(spec) else { return 1 }
        let volume = place.volume
        if place.blocks == nil, volume.fsType == "btrfs" || volume.fsType == "zfs_member" || volume.fsType == "zfs" {
            return 1
        }
        if let dev = volume.device, dev.hasPrefix("/dev/mapper/") || dev.hasPrefix("/dev/dm-") || dev.hasPrefix("/dev/md") {
            return 1
        }
        guard let bytes = try? readEnvBlock(place), GrubEnvBlock(bytes: bytes) != nil else { return 1 }
        let variables = names.map { ($0, env[$0]) }
        guard GrubEnvBlock.updated(bytes, setting: variables) != nil else {
            report("save_env: \(place.path): environment block too small", line: line)
            return 1
        }
        writes.append(GrubEnvWrite(file: GrubFile(volume: volume.name, path: place.path), variables: variables))
        return 0
    }
}
