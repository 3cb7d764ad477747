#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// Finding every filesystem: block devices from sysfs, probed with libblkid, mounted
/// read-only under `/run/swiftboot/mnt/<kernel name>`.
public enum Discovery {
    /// Where filesystems are mounted.
    public static let mountDirectory = InitPlan.mountDirectory

    /// Probes every block device and returns the mounted filesystems as volumes (name =
    /// device node, grubDevice like `hd0,gpt2`). Mounts that are already there are reused;
    /// mounts of devices that went away are detached. Failures are logged, never fatal.
    ///
    /// With `memory`, a device whose identity (`BlockDevice.identity`) is the one it had
    /// at the last scan is not probed again: its earlier result is used.
    public static func scanAll(memory: inout ProbeMemory) -> [Volume] {
        scanAll(memory: &memory, oneNewDisk: false).volumes
    }

    /// `scanAll(memory:)` that, with `oneNewDisk`, probes and mounts the new devices of
    /// one disk only (the first in order that has any) and leaves the others' for a next
    /// call (`pending`): the menu can show that disk's entries before the others are
    /// read. Every device is probed at once when one has no identity (nothing would tell
    /// the next call which ones it already did).
    public static func scanAll(memory: inout ProbeMemory, oneNewDisk: Bool) -> (volumes: [Volume], pending: Bool) {
        let devices = BlockDevices.list()
        var later: Set<String> = []
        if oneNewDisk, devices.allSatisfy({ $0.identity != nil }) {
            let new = devices.filter { memory.result(for: $0) == nil }
            if let first = new.first.map({ $0.disk ?? $0.name }) {
                later = Set(new.filter { ($0.disk ?? $0.name) != first }.map(\.name))
            }
        }
        let volumes = scan(devices, mountDirectory: mountDirectory, memory: &memory, later: later, naming: { $0.node })
        forgetVanished(present: Set(devices.map(\.name)))
        // md members (never mounted themselves): their arrays are assembled read-only
        // once every disk is probed, then scanned like any disk.
        if later.isEmpty {
            let members = devices.filter { memory.result(for: $0)?.type == "linux_raid_member" }
            if MDAssembly.assemble(members) > 0 {
                return scanAll(memory: &memory, oneNewDisk: oneNewDisk)
            }
            // LVM physical volumes (on disks or arrays): their LVs are activated read-only,
            // then scanned like any disk.
            let pvs = devices.filter { memory.result(for: $0)?.type == "LVM2_member" }
            if LVMActivation.activate(pvs) > 0 {
                return scanAll(memory: &memory, oneNewDisk: oneNewDisk)
            }
        }
        return (volumes, !later.isEmpty)
    }

    /// `scanAll(memory:)` probing every device.
    public static func scanAll() -> [Volume] {
        var memory = ProbeMemory()
        return scanAll(memory: &memory)
    }

    /// Probes and mounts `devices` under `mountDirectory`; `naming` gives each volume's name.
    static func scan(_ devices: [BlockDevice], mountDirectory: String, firstDisk: Int = 0,
                     naming: (BlockDevice) -> String) -> [Volume] {
        var memory = ProbeMemory()
        return scan(devices, mountDirectory: mountDirectory, firstDisk: firstDisk, memory: &memory, naming: naming)
    }

    /// As above, reusing the probe results in `memory` of devices that did not change
    /// and remembering the new ones.
    /// Devices named in `later` are neither probed nor mounted (they only count for
    /// GRUB's disk numbering).
    static func scan(_ devices: [BlockDevice], mountDirectory: String, firstDisk: Int = 0,
                     memory: inout ProbeMemory, later: Set<String> = [], naming: (BlockDevice) -> String) -> [Volume] {
        var probed: [(BlockDevice, ProbeResult)] = []
        var known = 0
        var failedBefore = 0
        memory.keep(Set(devices.map(\.name)))
        for device in devices {
            if later.contains(device.name) { continue }
            if let earlier = memory.result(for: device) {
                probed.append((device, earlier))
                known += 1
                continue
            }
            if memory.failure(for: device) != nil {
                failedBefore += 1
                continue
            }
            do {
                var result = try Probe.probe(device.node)
                if let entry = device.entry {
                    result.partUUID = entry.uuid
                    result.partLabel = entry.name
                    result.partType = entry.type
                    result.partScheme = entry.scheme
                    result.partNumber = entry.number
                }
                probed.append((device, result))
                memory.remember(result, for: device)
                Log.debug("probe: \(device.node): " + describe(result))
            } catch {
                Log.error("probe: \(error)")
                memory.rememberFailure("\(error)", for: device)
            }
        }
        // Disks left for later still take their place in GRUB's numbering (hd0, hd1...).
        let results = Dictionary(probed.map { ($0.0.name, $0.1) }, uniquingKeysWith: { a, _ in a })
        // Logical volumes are named `lvm/VG-LV` by GRUB and take no `hdN` number.
        var lvmNames: [String: String] = [:]
        for device in devices where device.name.hasPrefix("dm-") { lvmNames[device.name] = LVMActivation.grubName(of: device) }
        let numbered = devices.filter { lvmNames[$0.name] == nil && (results[$0.name] != nil || later.contains($0.name)) }
        let grubNames = GrubDeviceNames.assign(numbered.map { device in
            GrubDeviceNames.Device(name: device.name, disk: device.disk, scheme: results[device.name]?.partScheme,
                                   number: results[device.name]?.partNumber ?? device.partitionNumber)
        }, firstDisk: firstDisk)
        let mounted = Mount.table()
        var volumes: [Volume] = []
        for (device, result) in probed {
            guard let fsType = result.type, !MountChoice.attempts(for: fsType).isEmpty else { continue }
            let target = mountDirectory + "/" + device.name
            if !mounted.contains(where: { $0.target == target }) {
                do {
                    try mountReadOnly(device.node, fsType: fsType, on: target)
                } catch {
                    Log.error("mount \(device.node) (\(fsType)) on \(target): \(error)")
                    continue
                }
            }
            volumes.append(Volume(
                name: naming(device), tree: DirectoryTree(root: target), uuid: result.uuid,
                label: result.label, partUUID: result.partUUID, partLabel: result.partLabel,
                partType: result.partType, fsType: fsType, device: device.node,
                grubDevice: lvmNames[device.name] ?? grubNames[device.name] ?? "hd0", root: target,
                blocks: DeviceBlocks(node: device.node)))
        }
        Log.info("discovery: \(probed.count) device(s) probed (\(known) unchanged since the last scan), \(volumes.count) filesystem(s) mounted"
                 + (failedBefore == 0 ? "" : ", \(failedBefore) device(s) that failed before not probed again")
                 + (later.isEmpty ? "" : ", \(later.count) device(s) of other disks next"))
        return volumes
    }

    /// Mounts `node` read-only without letting the filesystem write (journal replay),
    /// loading the filesystem's modules first. The device is marked read-only
    /// (`BLKROSET`) before and stays so while mounted (see docs/disks-untouched.md).
    public static func mountReadOnly(_ node: String, fsType: String, on target: String) throws(SystemError) {
        ModuleLoader.loadFilesystem(fsType)
        try FileSystem.makeDirectory(target)
        do {
            try BlockReadOnly.protect(node)
        } catch {
            Log.error("\(node): marking the device read-only: \(error); mounting it read-only anyway")
        }
        var lastError = SystemError(call: "mount", path: target, errno: ENODEV)
        for choice in MountChoice.attempts(for: fsType) {
            do {
                try Mount.mount(node, on: target, type: choice.type, flags: choice.flags, options: choice.options)
                Log.info("mounted \(node) on \(target) (\(choice.description))")
                return
            } catch {
                lastError = error
            }
        }
        try? FileSystem.removeDirectory(target)
        BlockReadOnly.restore(node)
        throw lastError
    }

    /// Detaches mounts under the mount directory whose device is gone.
    static func forgetVanished(present: Set<String>) {
        for entry in Mount.table() where entry.target.hasPrefix(mountDirectory + "/") {
            let name = String(entry.target.dropFirst(mountDirectory.count + 1))
            guard !name.contains("/"), !present.contains(name) else { continue }
            do {
                try Mount.unmount(entry.target, flags: .detach)
                try? FileSystem.removeDirectory(entry.target)
                Log.info("unmounted \(entry.target): device \(name) went away")
            } catch {
                Log.error("unmount \(entry.target): \(error)")
            }
        }
    }

    static func describe(_ r: ProbeResult) -> String {
        var words: [String] = []
        if let t = r.type { words.append("TYPE=\(t)") }
        if let t = r.tableType { words.append("PTTYPE=\(t)") }
        if let u = r.uuid { words.append("UUID=\(u)") }
        if let l = r.label { words.append("LABEL=\"\(l)\"") }
        if let p = r.partUUID { words.append("PARTUUID=\(p)") }
        if let p = r.partLabel { words.append("PARTLABEL=\"\(p)\"") }
        if let p = r.partType { words.append("PART_ENTRY_TYPE=\(p)") }
        if let s = r.partScheme, let n = r.partNumber { words.append("\(s)#\(n)") }
        return words.isEmpty ? "nothing found" : words.joined(separator: " ")
    }
}
