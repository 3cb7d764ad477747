/// Finds and reads every config source on every volume and merges them into one menu.
public enum Scanner {
    /// The local sources in their passes: every volume goes through the first pass
    /// before any goes through the second, since GRUB's `blscfg` on one volume may
    /// show another volume's BLS entries.
    public static let localPasses: [[any MenuSource]] = [
        [GrubSource(), SyslinuxSource()],
        [BLSSource(), UKISource()],
    ]

    /// Reads the configs of all volumes in `context`, in volume order; per volume:
    /// GRUB, then syslinux family (unless the volume is a hybrid ISO booted through its
    /// GRUB, see `isHybridISOOnEFI`), then BLS type 1 (unless GRUB's `blscfg` showed them), then UKIs.
    ///
    /// The default is the first config's default that has one; the timeout and hidden
    /// style come from the config that supplied the default.
    public static func scan(_ context: ScanContext) -> ConfigMenu {
        // Which volume's GRUB menu an ESP stub shows is asked for every volume that has
        // a grub.cfg: answered once here, not once per volume (N² lookups with N volumes).
        var context = context
        context.grubStubs = GrubSource.stubTargets(context)
        return scan(context, passes: localPasses)
    }

    /// Runs `passes` of sources over every volume of `context` and merges the menus in
    /// volume order (within a volume: in pass order, then source order).
    public static func scan(_ context: ScanContext, passes: [[any MenuSource]]) -> ConfigMenu {
        var state = ScanState()
        var found: [[ConfigMenu]] = Array(repeating: [], count: context.volumes.count)
        for pass in passes {
            for (index, volume) in context.volumes.enumerated() {
                for source in pass {
                    state.foundOnVolume = found[index]
                    guard let menu = source.scan(volume, context: context, state: state) else { continue }
                    state.blsVolumesShown.formUnion(menu.blsVolumesShown)
                    found[index].append(menu)
                }
            }
        }
        return merge(found.flatMap { $0 })
    }

    /// A hybrid ISO carries a GRUB config for EFI and an isolinux one for BIOS. On EFI
    /// firmware its GRUB menu is the one that boots, so the isolinux menu would only
    /// list every OS a second time. (An extlinux disk with a grub.cfg keeps both.)
    static func isHybridISOOnEFI(_ volume: Volume, grubShown: Bool, _ context: ScanContext) -> Bool {
        guard grubShown, context.grubPlatform == "efi",
              let location = SyslinuxLocator.find(in: volume.tree, architecture: context.architecture) else { return false }
        return volume.fsType == "iso9660" || Path.basename(location.path).lowercased() == "isolinux.cfg"
    }

    /// Concatenates menus; keeps one default (the first menu's that has entries and a
    /// default, or before it the first whose default the Boot Loader Interface variables
    /// asked for) and that menu's timeout and fallbacks.
    public static func merge(_ menus: [ConfigMenu]) -> ConfigMenu {
        var result = ConfigMenu()
        var chosen = false
        var firstWithEntries: ConfigMenu?
        let preferred = menus.firstIndex { $0.firmwareDefault && ($0.defaultIndex ?? .max) < $0.entries.count }
        for (position, menu) in menus.enumerated() {
            let eligible = preferred == nil || preferred == position
            result.errors += menu.errors
            if firstWithEntries == nil && !menu.entries.isEmpty { firstWithEntries = menu }
            let base = result.entries.count
            for (i, var entry) in menu.entries.enumerated() {
                entry.isDefault = !chosen && eligible && menu.defaultIndex == i
                result.entries.append(entry)
            }
            if !chosen, eligible, let d = menu.defaultIndex, d < menu.entries.count {
                chosen = true
                result.defaultIndex = base + d
                result.fallbackIndices = menu.fallbackIndices.filter { $0 < menu.entries.count }.map { base + $0 }
                result.timeout = menu.timeout
                result.hiddenMenu = menu.hiddenMenu
                result.firmwareDefault = menu.firmwareDefault
            }
            result.blsVolumesShown.formUnion(menu.blsVolumesShown)
        }
        if !chosen, let first = firstWithEntries {
            // No config named a usable default: the first entry, as every loader does.
            result.defaultIndex = 0
            result.entries[0].isDefault = true
            result.timeout = first.timeout
            result.hiddenMenu = first.hiddenMenu
        }
        return result
    }
}
