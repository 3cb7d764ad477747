import BootConfig
import BootMenu
import Devices
import LinuxSystem

/// The last scan of the disks' configs, kept while the filesystems stay the same: a
/// rescan whose devices all probed as before (same `ProbeMemory` generation) and whose
/// filesystems are the same ones reads no config again. (They are mounted read-only and
/// nothing else writes to them.)
struct MenuScanMemo {
    private var key: (generation: Int, volumes: [String])?
    private var last: (menu: ConfigMenu, devices: [MenuDevice])?

    /// The scan of `volumes`, the earlier one when nothing changed since.
    mutating func scan(_ volumes: [Volume], probes: ProbeMemory, loaderVariables: LoaderVariables?,
                       size: (Volume) -> UInt64?, model: (Volume) -> String?) -> (menu: ConfigMenu, devices: [MenuDevice]) {
        let names = volumes.map { "\($0.name) \($0.root ?? "")" }
        if let key, let last, key.generation == probes.generation, key.volumes == names {
            Log.info("menu: \(last.menu.entries.count) entries on \(volumes.count) filesystem(s), unchanged")
            return last
        }
        let fresh = MenuScan.scan(volumes, loaderVariables: loaderVariables, size: size, model: model)
        key = (probes.generation, names)
        last = fresh
        return fresh
    }
}
