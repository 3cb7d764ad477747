/// `search` and `probe`: finding filesystems the way GRUB names them.
extension GrubInterpreter {
    /// `search [--file|--label|--fs-uuid|--part-label|--part-uuid] [--set[=VAR]] NAME`
    /// and the `search.fs_uuid NAME [VAR]` family. Sets VAR (default `root`) to the
    /// matching volume's GRUB device; the config's own volume is preferred.
    /// What each of `search`'s options does.
    private enum SearchOption {
        case kind(String), ignored, set, hint
    }

    private static let searchOptions = GrubNameTable<SearchOption>(([
        "--file": .kind("file"), "-f": .kind("file"), "--label": .kind("label"), "-l": .kind("label"),
        "--fs-uuid": .kind("uuid"), "-u": .kind("uuid"), "--part-uuid": .kind("partuuid"),
        "--part-label": .kind("partlabel"),
        "--no-floppy": .ignored, "-n": .ignored, "--efidisk-only": .ignored, "--cryptodisk-only": .ignored,
        "--root-dev-only": .ignored, "-r": .ignored,
        "--set": .set, "-s": .set,
        "--hint": .hint, "-h": .hint, "--hint-bios": .hint, "--hint-efi": .hint, "--hint-baremetal": .hint,
        "--hint-ieee1275": .hint, "--hint-arc": .hint, "--hint-uboot": .hint, "--hint-coreboot": .hint,
        "--hint-qemu": .hint,
    ] as [String: SearchOption]).map { ($0.key, $0.value) })

    func search(_ command: String, _ args: ArraySlice<String>, line: Int) -> Int32 {
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
            if args.count > 1 { variable = args[args.startIndex + 1] }
        } else {
            var i = args.startIndex
            while i < args.endIndex {
                let a = args[i]
                i += 1
                switch Self.searchOptions[a] {
                case .kind(let k): kind = k
                case .ignored: break
                case .set:
                    setGiven = true
                    if i < args.endIndex, !args[i].hasPrefix("-") { variable = args[i]; i += 1 }
                case .hint:
                    if i < args.endIndex, !args[i].hasPrefix("-") { i += 1 }
                case nil:
                    if a.utf8.first != 0x2D { // not an option: a name
                        names.append(a)
                    } else if a.hasPrefix("--set=") {
                        setGiven = true
                        variable = String(a.dropFirst(6))
                    } else if a.hasPrefix("--hint") {
                        continue
                    } else if a.count > 1 {
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
        // GRUB's search goes through disks only, never network devices; the volume of the
        // config being read first. Volumes are looked at in place, not copied.
        let volumes = context.volumes
        func matches(_ volume: Volume) -> Bool {
            if volume.tree is RemoteTree { return false }
            switch kind {
            case "uuid": return volume.uuid.map { Self.sameIgnoringCase($0, name) } ?? false
            case "label": return volume.label == name
            case "partuuid": return volume.partUUID.map { Self.sameIgnoringCase($0, name) } ?? false
            case "partlabel": return volume.partLabel == name
            default: return volume.tree.kind(Path.normalize(name)) != nil
            }
        }
        let ownName = (files.last ?? baseFile)?.volume
        let own = ownName.flatMap { own in volumes.firstIndex { !($0.tree is RemoteTree) && $0.name == own } }
        var found: Int?
        if let own, matches(volumes[own]) {
            found = own
        } else {
            found = volumes.indices.first { $0 != own && matches(volumes[$0]) }
        }
        guard let found else {
            report("search: no such device: \(name)", line: line)
            return 1
        }
        if let variable { env.set(variable, volumes[found].grubDevice) }
        return 0
    }

    /// Whether `a` and `b` are equal once lowercased; ASCII text (every UUID) is compared
    /// byte by byte without making lowercased copies.
    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        let ascii = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                guard x.count == y.count else { return nil }
                var equal = true
                for k in 0..<x.count {
                    let p = x[k], q = y[k]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p != q && (p | 0x20 != q | 0x20 || p | 0x20 < 0x61 || p | 0x20 > 0x7A) { equal = false }
                }
                return equal
            } ?? nil
        } ?? nil
        return ascii ?? (a.lowercased() == b.lowercased())
    }

    /// `probe [--set VAR] --fs|--fs-uuid|--label|--part-uuid|--partmap|--driver DEVICE`:
    /// what discovery knows about a device (`(hd0,gpt2)` or `hd0,gpt2`).
    func probe(_ args: [String], line: Int) -> Int32 {
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
        case "--partmap", "-p": value = device.containsText(",gpt") ? "gpt" : device.containsText(",msdos") ? "msdos" : nil
        default: value = nil
        }
        guard let value else { report("probe: \(what) of \(device) unknown", line: line); return 1 }
        if let variable { env.set(variable, value) }
        return 0
    }
}
