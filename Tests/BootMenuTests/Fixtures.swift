import BootConfig
@testable import BootMenu

/// Builds entries the way the config sources do, for menu tests.
enum Fixture {
    static func entry(_ title: String, id: String? = nil, volume: String = "/dev/vda1", submenu: [String] = [],
                      cmdline: String = "root=/dev/vda2 ro", hotkey: Character? = nil, isDefault: Bool = false,
                      isBad: Bool = false, line: Int? = nil) -> BootEntry {
        BootEntry(title: title, id: id ?? title.lowercased(), source: .grub, config: "/boot/grub/grub.cfg", line: line,
                  configVolume: volume, fs: volume, submenu: submenu, kernel: "/boot/vmlinuz-\(title.count)",
                  initrds: ["/boot/initrd-\(title.count)"], cmdline: cmdline, isDefault: isDefault,
                  hotkey: hotkey, isBad: isBad)
    }

    /// A Debian-like disk: two top entries, a submenu with two entries; and a second disk.
    static var debianMenu: ConfigMenu {
        ConfigMenu(entries: [
            entry("Debian GNU/Linux", id: "gnulinux-simple", isDefault: true),
            entry("Debian 6.1 recovery", id: "gnulinux-6.1-recovery", submenu: ["Advanced options"]),
            entry("Debian 5.10", id: "gnulinux-5.10", submenu: ["Advanced options"]),
            entry("Memory test", id: "memtest", hotkey: "m"),
            entry("Fedora Linux 39", id: "fedora", volume: "/dev/vdb1"),
        ], defaultIndex: 0, timeout: 5)
    }

    static var devices: [MenuDevice] {
        [MenuDevice(name: "/dev/vda1", label: "DEBIAN", fsType: "ext4", uuid: "1111", size: 20 << 30),
         MenuDevice(name: "/dev/vdb1", label: nil, model: "QEMU HARDDISK", fsType: "xfs", size: 512 << 20)]
    }

    static func model(_ menu: ConfigMenu = debianMenu, options: MenuOptions = MenuOptions(), now: Int64 = 0) -> MenuModel {
        MenuModel(menu: menu, devices: devices, options: options, now: now)
    }
}

extension MenuModel {
    /// Presses keys in order; returns the effects of all of them.
    @discardableResult
    mutating func press(_ keys: Key...) -> [MenuEffect] {
        keys.flatMap { handle(.key($0)) }
    }

    /// Types a string, character by character.
    mutating func type(_ text: String) {
        for c in text { _ = handle(.key(.character(c))) }
    }

    var selectedTitle: String? {
        switch selection {
        case .entry(let k)?: return k.title
        case .submenu(_, let path)?: return path.last
        case .encrypted(let node)?: return lockedVolumes.first { $0.node == node }?.title
        case nil: return nil
        }
    }

    var editForm: EditForm? {
        if case .edit(let f) = screen { return f }
        return nil
    }
}

extension MenuEffect {
    var plan: BootPlan? {
        if case .boot(let p, _) = self { return p }
        return nil
    }
    var reason: BootReason? {
        if case .boot(_, let r) = self { return r }
        return nil
    }
}
