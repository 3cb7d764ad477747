/// The volumes systemd-boot reads as one menu: the ESP together with the XBOOTLDR
/// partitions of its disk. Entries of both types from all of them are sorted together
/// and `loader.conf` comes from the ESP.
struct BLSVolumeGroup {
    /// The volume whose scan shows the group's menu.
    var owner: Volume
    /// The owner first, then the XBOOTLDR partitions.
    var volumes: [Volume]

    static let espType = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"

    init(for volume: Volume, context: ScanContext) {
        owner = volume
        volumes = [volume]
        let esp = context.volumes.first { Self.isESP($0) && Self.sameDisk($0, volume) }
        if volume.isXBootLdr, let esp {
            owner = esp
        }
        if Self.isESP(owner) {
            volumes = [owner] + context.volumes.filter { $0.isXBootLdr && Self.sameDisk($0, owner) }
        }
    }

    /// Whether scanning `volume` should produce this group's menu.
    func isOwned(by volume: Volume) -> Bool { owner.name == volume.name }

    static func isESP(_ v: Volume) -> Bool {
        let t = v.partType?.lowercased()
        return t == espType || t == "0xef"
    }

    /// Whether two volumes are partitions of one disk (unknown devices count as one disk).
    static func sameDisk(_ a: Volume, _ b: Volume) -> Bool {
        guard let da = a.device, let db = b.device else { return true }
        return disk(of: da) == disk(of: db)
    }

    /// `/dev/vda2` → `/dev/vda`, `/dev/nvme0n1p2` → `/dev/nvme0n1`, `/dev/mmcblk0p1` → `/dev/mmcblk0`.
    static func disk(of device: String) -> String {
        var d = Substring(device)
        while let last = d.last, last.isNumber { d = d.dropLast() }
        if d.last == "p", let before = d.dropLast().last, before.isNumber { d = d.dropLast() }
        return String(d)
    }
}

/// One type 1 or type 2 entry before the menu is ordered.
struct BLSMenuItem {
    var key: BLSOrder.Key
    /// `.conf` or `.efi`, for matching `loader.conf`'s default.
    var suffix: String
    var version: String?
    var machineID: String?
    var entry: BootEntry
}

/// Orders entries of both types as systemd-boot does and applies `loader.conf` and the
/// Boot Loader Interface variables (`LoaderInterface`).
enum BLSMenuAssembler {
    static func menu(_ items: [BLSMenuItem], errors: [ConfigError], loaderConf: LoaderConf?,
                     variables: LoaderVariables?) -> ConfigMenu {
        let sorted = items.sorted { BLSOrder.precedes($0.key, $1.key) }
        let titles = BLSOrder.uniqueTitles(sorted.map {
            (title: $0.entry.title, version: $0.version, machineID: $0.machineID, id: $0.key.id)
        })
        var menu = ConfigMenu(errors: errors)
        menu.entries = zip(sorted, titles).map { item, title in
            var e = item.entry
            e.title = title
            return e
        }
        let ids = sorted.map { (id: $0.key.id, suffix: $0.suffix) }
        menu.timeout = LoaderInterface.timeout(conf: loaderConf, variables: variables)
        // `@saved` needs the LoaderEntryLastBooted EFI variable; without it the first
        // entry is the default, as in systemd-boot.
        if let found = LoaderInterface.defaultEntry(conf: loaderConf, variables: variables, ids: ids) {
            menu.defaultIndex = found.index
            menu.firmwareDefault = found.source != .loaderConf
        }
        if let i = menu.defaultIndex { menu.entries[i].isDefault = true }
        if let variables {
            for i in menu.entries.indices {
                let record = LoaderInterface.bootRecord(booting: i, ids: ids, conf: loaderConf, variables: variables)
                menu.entries[i].writes.append(.loaderVariables(record))
            }
        }
        return menu
    }
}
