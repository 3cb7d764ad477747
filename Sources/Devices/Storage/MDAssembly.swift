#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// Assembles md arrays read-only from the members libblkid found (`linux_raid_member`):
/// reads each member's superblock, plans the arrays (`MDArrayPlan`), loads md-mod and
/// the personality, then creates, fills and starts each array read-only (`MDControl`).
/// The array's node (`/dev/md127`, …) is then a block device like any other; members
/// are never mounted (libblkid's type has no mount attempt). Every step is logged.
public enum MDAssembly {
    /// Whether an array with members missing may start now; false while drivers still
    /// load (the missing member may be on a disk not there yet). Set by the menu.
    nonisolated(unsafe) public static var mayStartDegraded: () -> Bool = { true }

    /// Reads the superblock of `device`: the first of the four formats' places that
    /// holds a valid one.
    static func superblock(of device: BlockDevice) -> MDSuperblock? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(device.node, .readOnly)
        } catch {
            Log.error("md: \(device.node): \(error)")
            return nil
        }
        defer { fd.close() }
        var failures: [String] = []
        for version in MDSuperblock.Version.all {
            guard let offset = version.offset(deviceSize: device.size) else { continue }
            do {
                let block = try fd.read(count: 4096, at: Int64(offset))
                return try MDSuperblock.parse(block, version: version)
            } catch let error as MDSuperblock.ParseError {
                if case .badMagic = error { continue }
                failures.append("\(version) at \(offset): \(error)")
            } catch {
                failures.append("\(version) at \(offset): \(error)")
            }
        }
        Log.error("md: \(device.node): no valid md superblock" + (failures.isEmpty ? "" : " (" + failures.joined(separator: "; ") + ")"))
        return nil
    }

    /// Starts the arrays of `members` not started yet; returns how many started.
    @discardableResult
    public static func assemble(_ members: [BlockDevice]) -> Int {
        guard !members.isEmpty else { return 0 }
        let started = MDControl.recorded()
        var found: [MDArrayPlan.Member] = []
        var byNode: [String: BlockDevice] = [:]
        for device in members {
            guard let sb = superblock(of: device) else { continue }
            if started[sb.uuidText] != nil { continue }
            Log.info("md: \(device.node): superblock \(sb.version), array \(sb.uuidText)"
                     + (sb.name.isEmpty ? "" : " '\(sb.name)'") + ", RAID\(sb.level) of \(sb.raidDisks), \(sb.role),"
                     + " events \(sb.events), data at \(sb.dataOffset) (\(sb.dataSize) bytes)")
            found.append(.init(node: device.node, superblock: sb))
            byNode[device.node] = device
        }
        var count = 0
        for plan in MDArrayPlan.plan(found) {
            for (node, reason) in plan.leftOut { Log.info("md: array \(plan.uuid): \(node) left out: \(reason)") }
            if let refusal = plan.refusal {
                Log.error("md: array \(plan.uuid) not started: \(refusal)")
                continue
            }
            if plan.missingSlots > 0 && !mayStartDegraded() {
                Log.info("md: array \(plan.uuid): \(plan.missingSlots) member(s) missing; waiting for the drivers still loading")
                continue
            }
            if start(plan, devices: byNode) { count += 1 }
        }
        return count
    }

    /// Creates, fills and starts one planned array read-only.
    static func start(_ plan: MDArrayPlan, devices: [String: BlockDevice]) -> Bool {
        ModuleLoader.load("md-mod")
        if let personality = plan.members.first?.superblock.personalityModule { ModuleLoader.load(personality) }
        let node: String
        do {
            node = try MDControl.createArray()
        } catch {
            Log.error("md: array \(plan.uuid): creating an md device: \(error)")
            return false
        }
        do {
            try MDControl.setFormat(node, major: Int32(plan.version.major), minor: Int32(plan.version.minor))
            for member in plan.members {
                guard let device = devices[member.node], let (major, minor) = deviceNumber(device) else {
                    Log.error("md: \(member.node): no device number in sysfs; not added to \(node)")
                    continue
                }
                try MDControl.addMember(node, major: major, minor: minor)
                Log.info("md: \(node): added \(member.node) (\(major):\(minor), \(member.superblock.role))")
            }
            let how = try MDControl.startReadOnly(node)
            MDControl.record(node, uuid: plan.uuid)
            let degraded = plan.missingSlots > 0 ? ", degraded: \(plan.missingSlots) of \(plan.raidDisks) missing" : ""
            Log.info("md: \(node) started read-only (\(how)): array \(plan.uuid), metadata \(plan.version), RAID\(plan.level),"
                     + " \(plan.members.count) member(s)\(degraded)")
            return true
        } catch {
            Log.error("md: array \(plan.uuid) on \(node): \(error)")
            do {
                try MDControl.stop(node)
            } catch {
                Log.error("md: stopping \(node) after the failure: \(error)")
            }
            return false
        }
    }

    /// `MAJOR:MINOR` of a block device from sysfs.
    static func deviceNumber(_ device: BlockDevice, sysfs: String = "/sys") -> (Int32, Int32)? {
        guard let text = try? FileSystem.readText("\(sysfs)/class/block/\(device.name)/dev") else { return nil }
        let parts = text.trimmed.split(separator: ":")
        guard parts.count == 2, let major = Int32(parts[0]), let minor = Int32(parts[1]) else { return nil }
        return (major, minor)
    }
}
