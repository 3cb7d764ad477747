/// Which logical volumes of a volume group can be activated read-only with the physical
/// volumes present, their device-mapper tables, and why the others cannot. Pure.
///
/// Mapped: `striped` segments (one stripe: a `linear` target; more: a `striped` one) and
/// `raid1` / `mirror` segments read through one complete leg (an rimage/mimage sub-LV whose
/// PVs are all present). Refused, never guessed: thin, thin pools, cache, VDO, snapshots
/// (and the COW store LVs behind them), other RAID levels, LVs with a PV missing. Hidden
/// sub-LVs (not `VISIBLE`) are not offered.
public struct LVMPlan: Equatable, Sendable {
    /// One device-mapper table line: `length` sectors from `start`, of `type`.
    public struct Line: Equatable, Sendable, CustomStringConvertible {
        public var start: UInt64
        public var length: UInt64
        public var type: String
        public var parameters: String
        public var description: String { "\(start) \(length) \(type) \(parameters)" }
    }

    /// A visible logical volume and what becomes of it.
    public struct Volume: Equatable, Sendable {
        /// `VG/LV` as lvm2 prints it.
        public var fullName: String
        /// The device-mapper name (`VG-LV`, dashes in either doubled).
        public var dmName: String
        /// The device-mapper UUID as lvm2 sets it: `LVM-` + VG UUID + LV UUID.
        public var dmUUID: String
        /// The table, or nil with `refusal` saying why it is not activated.
        public var table: [Line]?
        public var refusal: String?
    }

    public var volumes: [Volume]

    /// Device-mapper name of `lv` in `vg`: dashes doubled, joined by one (as lvm2 does).
    public static func dmName(vg: String, lv: String) -> String {
        func escape(_ s: String) -> String {
            var out = ""
            for c in s { out.append(c); if c == "-" { out.append("-") } }
            return out
        }
        return escape(vg) + "-" + escape(lv)
    }

    /// Plans `vg` with the PVs present: `devices` maps a PV UUID (without dashes) to how a
    /// table names that device (`MAJOR:MINOR`).
    public static func plan(_ vg: LVMVolumeGroup, devices: [String: String]) -> LVMPlan {
        let mapper = Mapper(vg: vg, devices: devices)
        let cowStores = Set(vg.logicalVolumes.flatMap { $0.segments.compactMap(\.cowStore) })
        var volumes: [Volume] = []
        for lv in vg.logicalVolumes where lv.visible {
            var volume = Volume(fullName: vg.name + "/" + lv.name, dmName: dmName(vg: vg.name, lv: lv.name),
                                dmUUID: "LVM-" + vg.uuid + lv.uuid)
            if cowStores.contains(lv.name) {
                volume.refusal = "a snapshot (its copy-on-write store): not supported"
            } else if !lv.status.contains("READ") {
                volume.refusal = "not readable (status \(lv.status))"
            } else if lv.segments.isEmpty {
                volume.refusal = "no segments"
            } else {
                do {
                    volume.table = try mapper.map(lv, from: 0, count: lv.extentCount, at: 0, depth: 0)
                } catch {
                    volume.refusal = error.reason
                }
            }
            volumes.append(volume)
        }
        return LVMPlan(volumes: volumes)
    }

    struct Refusal: Error { var reason: String }

    /// Maps extents of LVs to table lines.
    struct Mapper {
        let vg: LVMVolumeGroup
        let devices: [String: String]

        func lv(_ name: String) throws(Refusal) -> LVMVolumeGroup.LogicalVolume {
            guard let lv = vg.logicalVolumes.first(where: { $0.name == name }) else {
                throw Refusal(reason: "sub-LV \(name) is not in the metadata")
            }
            return lv
        }

        /// `MAJOR:MINOR` and first sector of extent `extent` on the PV with key `key`.
        func place(_ key: String, extent: UInt64) throws(Refusal) -> (String, UInt64) {
            guard let pv = vg.physicalVolumes.first(where: { $0.key == key }) else {
                throw Refusal(reason: "\(key) is not among the VG's physical volumes")
            }
            guard !pv.missing, let device = devices[pv.uuid] else {
                throw Refusal(reason: "PV \(LVMLabel.formatUUID(pv.uuid)) (\(key)" + (pv.deviceHint.map { ", last seen as \($0)" } ?? "")
                              + ") is missing")
            }
            let (offset, o1) = extent.multipliedReportingOverflow(by: vg.extentSize)
            let (sector, o2) = offset.addingReportingOverflow(pv.peStart)
            guard !o1, !o2 else { throw Refusal(reason: "\(key): extent \(extent) out of range") }
            return (device, sector)
        }

        /// Table lines for `count` extents of `lv` from extent `from`, placed at sector `at`.
        func map(_ lv: LVMVolumeGroup.LogicalVolume, from: UInt64, count: UInt64, at: UInt64,
                 depth: Int) throws(Refusal) -> [Line] {
            guard depth < 4 else { throw Refusal(reason: "sub-LVs nested too deep") }
            let size = vg.extentSize
            var lines: [Line] = []
            var next = from
            let end = from + count
            for seg in lv.segments where seg.startExtent + seg.extentCount > next && seg.startExtent < end {
                guard seg.startExtent <= next else {
                    throw Refusal(reason: "\(lv.name): extents \(next)-\(seg.startExtent - 1) are not mapped")
                }
                let pieceEnd = min(end, seg.startExtent + seg.extentCount)
                let within = next - seg.startExtent
                let length = pieceEnd - next
                let start = at + (next - from) * size
                switch seg.type {
                case "striped":
                    if seg.areas.count == 1, case .physical(let pv, let extent) = seg.areas[0] {
                        let (device, sector) = try place(pv, extent: extent + within)
                        lines.append(Line(start: start, length: length * size, type: "linear", parameters: "\(device) \(sector)"))
                    } else {
                        guard within == 0, pieceEnd == seg.startExtent + seg.extentCount else {
                            throw Refusal(reason: "\(lv.name): part of a striped segment through a sub-LV")
                        }
                        guard seg.stripeSize > 0, seg.extentCount % UInt64(seg.areas.count) == 0 else {
                            throw Refusal(reason: "\(lv.name): striped segment without a usable stripe size")
                        }
                        var parameters = "\(seg.areas.count) \(seg.stripeSize)"
                        for area in seg.areas {
                            guard case .physical(let pv, let extent) = area else {
                                throw Refusal(reason: "\(lv.name): a stripe on a sub-LV")
                            }
                            let (device, sector) = try place(pv, extent: extent)
                            parameters += " \(device) \(sector)"
                        }
                        lines.append(Line(start: start, length: length * size, type: "striped", parameters: parameters))
                    }
                case "raid1", "mirror":
                    guard seg.dataOffset == 0 else {
                        throw Refusal(reason: "\(lv.name): RAID1 legs with a data offset (a reshape): not supported")
                    }
                    var why: [String] = []
                    var mapped: [Line]?
                    for area in seg.areas {
                        guard case .logical(let name, let extent) = area else { continue }
                        do throws(Refusal) {
                            let leg = try self.lv(name)
                            if leg.status.contains("REBUILD") { throw Refusal(reason: "\(name) is being rebuilt") }
                            mapped = try map(leg, from: extent + within, count: length, at: start, depth: depth + 1)
                            break
                        } catch {
                            why.append(error.reason)
                        }
                    }
                    guard let legLines = mapped else {
                        throw Refusal(reason: "\(lv.name): no complete \(seg.type) leg (" + why.joined(separator: "; ") + ")")
                    }
                    lines += legLines
                case "thin": throw Refusal(reason: "a thin LV: not supported (its blocks are in the thin pool's metadata)")
                case "thin-pool": throw Refusal(reason: "a thin pool: not supported")
                case "cache", "writecache": throw Refusal(reason: "a \(seg.type) LV: not supported (blocks may be only in the cache)")
                case "cache-pool": throw Refusal(reason: "a cache pool: not supported")
                case "vdo", "vdo-pool": throw Refusal(reason: "a VDO LV: not supported (deduplicated, compressed blocks)")
                case "snapshot": throw Refusal(reason: "a snapshot: not supported")
                case "integrity": throw Refusal(reason: "an integrity LV: not supported")
                default: throw Refusal(reason: "segment type \(seg.type): not supported")
                }
                next = pieceEnd
            }
            guard next >= end else { throw Refusal(reason: "\(lv.name): extents \(next)-\(end - 1) are not mapped") }
            return lines
        }
    }
}
