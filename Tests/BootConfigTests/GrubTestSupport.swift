import BootConfig

/// Small GRUB scans over in-memory filesystems.
enum GrubScan {
    /// One volume `disk` (hd0,gpt1, UUID `1111-2222` unless given) holding `files`.
    static func volume(_ name: String = "disk", _ files: [String: String], uuid: String? = "1111-2222",
                       label: String? = nil, fsType: String? = nil, grubDevice: String = "hd0,gpt1") -> Volume {
        Volume(name: name, tree: MemoryTree(files), uuid: uuid, label: label, fsType: fsType, grubDevice: grubDevice)
    }

    /// Scans the first volume with GRUB only, as the menu would read it.
    static func menu(_ volumes: [Volume], platform: String = "efi", architecture: String = "x64") -> ConfigMenu {
        let context = ScanContext(volumes: volumes, grubPlatform: platform, architecture: architecture)
        return GrubSource.scan(volume: volumes[0], context: context) ?? ConfigMenu()
    }

    /// Scans a single volume whose grub.cfg is `config` (at /boot/grub/grub.cfg) plus `files`.
    static func menu(config: String, _ files: [String: String] = [:]) -> ConfigMenu {
        var all = files
        all["/boot/grub/grub.cfg"] = config
        return menu([volume("disk", all)])
    }

    /// The grubenv bytes `grub-editenv create` + `set` would write.
    static func grubenv(_ variables: [(String, String)]) -> String {
        var text = "# GRUB Environment Block\n"
        for (k, v) in variables { text += "\(k)=\(v)\n" }
        return text + String(repeating: "#", count: 1024 - text.utf8.count)
    }
}
