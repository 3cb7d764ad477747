import BootConfig

/// Whether the default of a menu scanned while drivers still load can still change when
/// their disks arrive (docs/system.md, "A zero timeout before coldplug is done"). The
/// merged default is the first volume's in volume order (`Scanner.merge`), so a disk that
/// comes later in that order cannot displace it; only these can:
/// - a disk whose name sorts before the default's config volume (any kind of driver
///   whose disks are not known, `DiskFamily`);
/// - `swiftboot.default=GLOB` not matching the default (a later disk may hold the match);
/// - Boot Loader Interface variables naming an entry that no scanned menu holds;
/// - a config on the default's volume that reported an error (a GRUB `search` for a
///   filesystem on a disk not there yet changes its entries once it is).
public enum DefaultFinality {
    /// Why the default is not final yet; nil when it is.
    public static func reasonNotFinal(menu: ConfigMenu, default entry: BootEntry?, defaultGlob: String?,
                                      loaderVariablesNameEntry: Bool, pendingPrefixes: [String]?) -> String? {
        guard let entry else { return "no default yet" }
        guard let pending = pendingPrefixes else { return "a driver of an unknown kind still loads" }
        let volume = entry.configVolume
        guard volume.hasPrefix("/dev/") else { return "the default is not on a local disk" }
        if menu.errors.contains(where: { $0.volume == volume }) { return "the config on \(volume) reported errors" }
        if let glob = defaultGlob, !Glob.matches(glob, entry.title), !Glob.matches(glob, entry.id) {
            return "no entry matches swiftboot.default yet"
        }
        if loaderVariablesNameEntry && !menu.firmwareDefault { return "the Boot Loader Interface's entry is not found yet" }
        let name = String(volume.dropFirst(5))
        if let early = pending.first(where: { !DiskFamily.sortsAfter(prefix: $0, name: name) }) {
            return "drivers still loading may bring a disk \(early)* before \(name)"
        }
        return nil
    }
}
