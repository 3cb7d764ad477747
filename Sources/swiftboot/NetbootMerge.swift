import BootConfig
import BootMenu

/// Puts the network groups beside the local entries: local groups first, then one group per
/// interface; whose default wins follows `swiftboot.autoboot=` (local first by default).
enum NetbootMerge {
    static func merge(local: (menu: ConfigMenu, devices: [MenuDevice]), net: [NetbootGroup],
                      autoboot: [KernelOptions.AutobootSource]?) -> (menu: ConfigMenu, devices: [MenuDevice]) {
        guard !net.isEmpty else { return local }
        var menu = local.menu
        var devices = local.devices
        var netDefault: Int?
        var netTimeout: Int?
        for group in net {
            devices.append(group.device)
            let offset = menu.entries.count
            if netDefault == nil, !group.menu.entries.isEmpty {
                let d = group.menu.defaultIndex ?? group.menu.entries.firstIndex(where: \.isDefault) ?? 0
                netDefault = offset + d
                netTimeout = group.menu.timeout
            }
            menu.entries += group.menu.entries
            menu.errors += group.menu.errors
        }
        let localDefault = local.menu.entries.isEmpty ? nil : (local.menu.defaultIndex ?? local.menu.entries.firstIndex(where: \.isDefault) ?? 0)
        let order = autoboot ?? [.disk, .net]
        for kind in order {
            if kind == .net, let d = netDefault {
                menu.defaultIndex = d
                menu.fallbackIndices = []
                if local.menu.entries.isEmpty || autoboot?.first == .net { menu.timeout = netTimeout ?? menu.timeout }
                break
            }
            if kind == .disk, let d = localDefault {
                menu.defaultIndex = d
                break
            }
        }
        if local.menu.entries.isEmpty, netDefault == nil { menu.defaultIndex = nil }
        return (menu, devices)
    }
}
