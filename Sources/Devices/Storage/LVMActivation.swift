#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// Activates LVM2 logical volumes read-only from the physical volumes libblkid found
/// (`LVM2_member`): reads each PV's label and current metadata text (`LVMLabel`,
/// `LVMConfigSection`, `LVMVolumeGroup`), takes each volume group's newest metadata,
/// plans its LVs (`LVMPlan`) and creates each activatable one with a read-only
/// device-mapper table named `VG-LV` (as lvm2 names it), with `/dev/mapper/VG-LV`
/// pointing at its `/dev/dm-N`. Nothing is written: no metadata update, PVs opened for
/// reading only. Created devices are recorded by `DeviceMapper` (no later scan
/// activates them again; the hand-off removes them). Every step is logged.
public enum LVMActivation {
    /// The largest metadata text read (lvm2's areas are 1 MiB by default).
    static let maximumText: UInt64 = 16 << 20

    /// What was reported already (a VG's state, an LV's refusal): later scans, which plan
    /// the same VG again, do not log it again.
    nonisolated(unsafe) static var reported: Set<String> = []

    /// Logs `line` once per `key`.
    static func report(_ key: String, error: Bool = false, _ line: @autoclosure () -> String) {
        guard reported.insert(key).inserted else { return }
        if error { Log.error(line()) } else { Log.info(line()) }
    }

    /// One PV as read from its device.
    struct Found {
        var node: String
        var device: String
        var label: LVMLabel
        var group: LVMVolumeGroup
    }

    /// Reads the label and the newest valid metadata text of `device`.
    static func read(_ device: BlockDevice) -> Found? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(device.node, .readOnly)
        } catch {
            Log.error("lvm: \(device.node): \(error)")
            return nil
        }
        defer { fd.close() }
        let label: LVMLabel
        do {
            label = try LVMLabel.parse(fd.read(count: 2048, at: 0))
        } catch {
            Log.error("lvm: \(device.node): no usable PV label: \(error)")
            return nil
        }
        guard let (major, minor) = MDAssembly.deviceNumber(device) else {
            Log.error("lvm: \(device.node): no device number in sysfs")
            return nil
        }
        var failures: [String] = []
        var best: LVMVolumeGroup?
        for area in label.metadataAreas {
            do {
                let location = try LVMLabel.textLocation(header: fd.read(count: 512, at: Int64(area.offset)), area: area)
                guard location.size <= maximumText else {
                    failures.append("metadata at \(area.offset): \(location.size) bytes is more than lvm2 writes")
                    continue
                }
                var text: [UInt8] = []
                for range in location.ranges { text += try fd.read(count: Int(range.size), at: Int64(range.offset)) }
                try LVMLabel.verify(text, location)
                let group = try LVMVolumeGroup.parse(LVMConfigSection.parse(text))
                if best.map({ $0.seqno < group.seqno }) ?? true { best = group }
            } catch {
                failures.append("metadata area at \(area.offset): \(error)")
            }
        }
        for failure in failures { Log.error("lvm: \(device.node): \(failure)") }
        guard let group = best else {
            if failures.isEmpty { Log.info("lvm: \(device.node): PV \(label.pvUUIDText) holds no metadata area; its VG is read from another PV") }
            return nil
        }
        return Found(node: device.node, device: "\(major):\(minor)", label: label, group: group)
    }

    /// Activates the LVs of the volume groups on `pvs` not activated yet; returns how many
    /// devices were created.
    @discardableResult
    public static func activate(_ pvs: [BlockDevice]) -> Int {
        guard !pvs.isEmpty else { return 0 }
        var found: [Found] = []
        var labels: [(node: String, uuid: String, device: String)] = []
        for device in pvs {
            if let pv = read(device) {
                found.append(pv)
                labels.append((pv.node, pv.label.pvUUID, pv.device))
            } else if let fd = try? FileDescriptor.open(device.node, .readOnly) {
                // A PV without metadata (pvcreate --metadatacopies 0) still counts as present.
                defer { fd.close() }
                if let label = try? LVMLabel.parse(fd.read(count: 2048, at: 0)),
                   let (major, minor) = MDAssembly.deviceNumber(device) {
                    labels.append((device.node, label.pvUUID, "\(major):\(minor)"))
                }
            }
        }
        let active = Set(DeviceMapper.recorded().map(\.name))
        var created = 0
        var groups: [String: LVMVolumeGroup] = [:]
        for pv in found where groups[pv.group.uuid].map({ $0.seqno < pv.group.seqno }) ?? true { groups[pv.group.uuid] = pv.group }
        for group in groups.values.sorted(by: { $0.name < $1.name }) {
            var devices: [String: String] = [:]
            for label in labels where group.physicalVolumes.contains(where: { $0.uuid == label.uuid }) {
                devices[label.uuid] = label.device
            }
            let plan = LVMPlan.plan(group, devices: devices)
            let pending = plan.volumes.filter { !active.contains($0.dmName) }
            if pending.isEmpty { continue }
            let missing = group.physicalVolumes.filter { devices[$0.uuid] == nil }
            let pvNames = labels.filter { devices[$0.uuid] != nil }.map(\.node)
            let state = "\(group.uuid) \(group.seqno) \(devices.keys.sorted())"
            report(state, "lvm: VG \(group.name) (seqno \(group.seqno), extent \(group.extentSize * 512) bytes): "
                     + "\(devices.count) of \(group.physicalVolumes.count) PV(s) present (\(pvNames.joined(separator: ", "))), "
                     + "\(plan.volumes.count) LV(s)")
            if !missing.isEmpty && !MDAssembly.mayStartDegraded() {
                report(state + " waiting", "lvm: VG \(group.name): \(missing.count) PV(s) missing; waiting for the drivers still loading")
                continue
            }
            for volume in pending {
                guard let table = volume.table else {
                    report(state + " " + volume.dmName, error: true, "lvm: \(volume.fullName) not activated: \(volume.refusal ?? "no table")")
                    continue
                }
                if create(volume, table: table) { created += 1 }
            }
        }
        return created
    }

    /// Creates one LV's device read-only and its `/dev/mapper` link.
    static func create(_ volume: LVMPlan.Volume, table: [LVMPlan.Line]) -> Bool {
        // linear and striped targets are part of dm-mod.
        ModuleLoader.load("dm-mod")
        let targets = table.map { DMTarget(start: $0.start, length: $0.length, type: $0.type, parameters: $0.parameters) }
        let node: String
        do {
            node = try DeviceMapper.createReadOnly(name: volume.dmName, uuid: volume.dmUUID, targets: targets)
        } catch {
            Log.error("lvm: \(volume.fullName): creating \(volume.dmName): \(error)")
            return false
        }
        let link = "/dev/mapper/" + volume.dmName
        if !FileSystem.exists(link) {
            do {
                try FileSystem.symbolicLink(link, to: "../" + node.dropFirst(5))
            } catch {
                Log.error("lvm: \(volume.fullName): \(error)")
            }
        }
        let sectors = table.reduce(UInt64(0)) { $0 + $1.length }
        Log.info("lvm: \(volume.fullName) activated read-only as \(node) (\(link)): \(sectors) sectors, table "
                 + table.map { "\($0.type) \($0.parameters)" }.joined(separator: "; "))
        return true
    }

    /// GRUB's name of a logical volume's device (`lvm/VG-LV`, the device-mapper name lvm2
    /// gives it, dashes doubled as GRUB does): read from sysfs for `dm-N` devices whose
    /// device-mapper UUID is lvm2's (`LVM-…`); nil for every other device.
    public static func grubName(of device: BlockDevice, sysfs: String = "/sys") -> String? {
        guard device.name.hasPrefix("dm-") else { return nil }
        let dir = "\(sysfs)/class/block/\(device.name)/dm"
        guard let uuid = try? FileSystem.readText(dir + "/uuid"), uuid.hasPrefix("LVM-"),
              let name = try? FileSystem.readText(dir + "/name") else { return nil }
        let trimmed = name.trimmed
        return trimmed.isEmpty ? nil : "lvm/" + trimmed
    }
}
