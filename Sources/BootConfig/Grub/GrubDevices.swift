/// GRUB device names and `(dev)/path` file names, resolved against the volumes found.
extension GrubInterpreter {
    /// The volume a GRUB device name (without parentheses) stands for: an exact
    /// `grubDevice` match, else the same disk and partition number under another
    /// partition-map name (`hd0,msdos1` = `hd0,gpt1` = `hd0,1`). Nil when none matches.
    func volume(forDevice device: String) -> Volume? {
        let name = device.grubTrimmed
        if GrubNetDevice.mayName(name),
           let net = GrubNetDevice(name, defaultServer: env["net_default_server"]) { return remoteVolume(net) }
        if let exact = context.volumes.first(where: { $0.grubDevice == name }) { return exact }
        guard let key = Self.deviceKey(name) else { return nil }
        return context.volumes.first { Self.deviceKey($0.grubDevice) == key }
    }

    /// `hd0,gpt2` → `hd0,2`; `hd0` → `hd0`; nil for names that are not disk partitions.
    static func deviceKey(_ device: String) -> String? {
        let parts = device.split(separator: ",", omittingEmptySubsequences: false)
        guard let disk = parts.first, !disk.isEmpty else { return nil }
        var key = String(disk)
        for part in parts.dropFirst() {
            let digits = part.drop(while: { !$0.isNumber })
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
            key += "," + digits
        }
        return key
    }

    /// The volume of the file being read (or of the entry being run): where a device that
    /// matches no volume is taken to be (`hdN` numbering cannot be known from Linux).
    var currentVolume: Volume? {
        guard let file = files.last ?? baseFile else { return nil }
        return knownVolume(named: file.volume)
    }

    /// A volume of the scan context, or a network server opened during this run.
    func knownVolume(named name: String) -> Volume? {
        context.volume(named: name) ?? remoteVolumes[name]
    }

    /// Resolves a GRUB file name: `(dev)/path`, `()/path` or `($root)/path`, or a plain
    /// path on `$root`. Returns the volume and the normalized absolute path inside it.
    func resolve(_ spec: String) -> (volume: Volume, path: String)? {
        var device: String
        var path: Substring
        if spec.hasPrefix("(") {
            guard let close = spec.utf8.firstIndex(of: 0x29) else { return nil } // )
            device = String(spec[spec.utf8.index(after: spec.startIndex)..<close])
            path = spec[spec.utf8.index(after: close)...]
            if device.isEmpty { device = env["root"] ?? "" }
        } else {
            device = env["root"] ?? ""
            path = Substring(spec)
        }
        // GRUB's filesystems accept only absolute names: `custom.cfg` is invalid.
        if !path.isEmpty && !Self.startsWithSlash(path) { return nil }
        guard let volume = volume(forDevice: device) ?? currentVolume else { return nil }
        return (volume, subvolumePath(Path.normalize(path.isEmpty ? "/" : String(path)), on: volume))
    }

    /// `path.hasPrefix("/")`, read from the bytes when the `/` is followed by ASCII (which
    /// never joins it into a larger character).
    static func startsWithSlash(_ path: Substring) -> Bool {
        var bytes = path.utf8.makeIterator()
        guard bytes.next() == 0x2F else { return false }
        guard let next = bytes.next(), next >= 0x80 else { return true }
        return path.hasPrefix("/")
    }

    /// SUSE's GRUB: with `btrfs_subvol=@/.snapshots/N/snapshot` set, names resolve inside
    /// that subvolume, which the filesystem as mounted shows at `/.snapshots/N/snapshot`.
    /// Names already inside it are kept.
    private func subvolumePath(_ path: String, on volume: Volume) -> String {
        guard let subvol = env["btrfs_subvol"], !subvol.isEmpty else { return path }
        var visible = Substring(subvol)
        if visible.hasPrefix("@") { visible = visible.dropFirst() }
        let base = Path.normalize(String(visible))
        guard base != "/", path != base, !path.hasPrefix(base + "/"), volume.tree.isDirectory(base) else { return path }
        return Path.normalize(base + path)
    }

    /// Why `resolve(spec)` failed, in GRUB's words.
    func unresolvable(_ spec: String) -> String {
        var path = Substring(spec)
        if path.hasPrefix("("), let close = path.firstIndex(of: ")") { path = path[path.index(after: close)...] }
        if !path.isEmpty && !path.hasPrefix("/") { return "invalid file name '\(spec)'" }
        return "\(spec): no such device"
    }
}

extension StringProtocol {
    /// The text without leading and trailing blanks.
    var grubTrimmed: String {
        // Most names have no blank at either end: no Character walk then.
        let whole = String(self)
        if let first = whole.utf8.first, let last = whole.utf8.last,
           !Self.isGrubBlank(first), !Self.isGrubBlank(last) {
            return whole
        }
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

    private static func isGrubBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
