/// A volume group as its text metadata describes it: extent size, physical volumes (by
/// UUID, with where their extents start) and logical volumes with their segments. Pure:
/// built from `LVMConfigSection`.
public struct LVMVolumeGroup: Equatable, Sendable {
    public struct PhysicalVolume: Equatable, Sendable {
        /// The key in the metadata (`pv0`).
        public var key: String
        /// The PV UUID, 32 characters without dashes (as in the PV's label).
        public var uuid: String
        /// The device name lvm2 last saw it as (a hint only).
        public var deviceHint: String?
        /// First sector of the first extent.
        public var peStart: UInt64
        public var peCount: UInt64
        /// Sectors.
        public var deviceSize: UInt64
        /// lvm2 marked it missing (`MISSING` flag).
        public var missing: Bool
    }

    /// A segment's area: extents on a physical volume or on another logical volume.
    public enum Area: Equatable, Sendable {
        case physical(pv: String, extent: UInt64)
        case logical(lv: String, extent: UInt64)
    }

    public struct Segment: Equatable, Sendable {
        public var startExtent: UInt64
        public var extentCount: UInt64
        /// `striped`, `mirror`, `raid1`, `thin`, `thin-pool`, `cache`, `snapshot`, …
        public var type: String
        /// `stripes` (PV areas) of a striped segment; `mirrors` or the rimage sub-LVs of
        /// `raids` (the rmeta ones left out) of a mirror/RAID segment.
        public var areas: [Area]
        /// Sectors per stripe chunk (striped with more than one stripe).
        public var stripeSize: UInt64
        /// `data_offset` of a RAID segment (non-zero during a reshape), in sectors.
        public var dataOffset: UInt64
        /// The snapshot segment's COW store and origin LV names.
        public var cowStore: String?
        public var origin: String?
    }

    public struct LogicalVolume: Equatable, Sendable {
        public var name: String
        /// The LV UUID, 32 characters without dashes.
        public var uuid: String
        public var status: [String]
        public var segments: [Segment]
        /// Shown to users (`VISIBLE`); sub-LVs (rimage, tmeta, pmspare…) are not.
        public var visible: Bool { status.contains("VISIBLE") }
        /// Total extents.
        public var extentCount: UInt64 { segments.map { $0.startExtent + $0.extentCount }.max() ?? 0 }
    }

    public var name: String
    /// The VG UUID, 32 characters without dashes.
    public var uuid: String
    public var seqno: Int64
    /// Sectors per extent.
    public var extentSize: UInt64
    public var status: [String]
    public var physicalVolumes: [PhysicalVolume]
    public var logicalVolumes: [LogicalVolume]

    /// Why a metadata text is not a usable volume group.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The UUID without its dashes.
    static func bareUUID(_ id: String) -> String { String(id.filter { $0 != "-" }) }

    static func count(_ section: LVMConfigSection, _ key: String, in what: String) throws(ParseError) -> UInt64 {
        guard let n = section.number(key), n >= 0 else { throw ParseError(reason: "\(what): no \(key)") }
        return UInt64(n)
    }

    /// The volume group of a metadata text (the top-level section holding `id` and
    /// `physical_volumes`).
    public static func parse(_ config: LVMConfigSection) throws(ParseError) -> LVMVolumeGroup {
        guard let (name, vg) = config.sections.first(where: { $0.section.section("physical_volumes") != nil }) else {
            throw ParseError(reason: "no volume group section")
        }
        guard let id = vg.string("id") else { throw ParseError(reason: "VG \(name): no id") }
        let extentSize = try count(vg, "extent_size", in: "VG \(name)")
        guard extentSize > 0 else { throw ParseError(reason: "VG \(name): extent_size 0") }
        var pvs: [PhysicalVolume] = []
        for (key, pv) in vg.section("physical_volumes")?.sections ?? [] {
            guard let pvID = pv.string("id") else { throw ParseError(reason: "VG \(name): PV \(key): no id") }
            pvs.append(PhysicalVolume(
                key: key, uuid: bareUUID(pvID), deviceHint: pv.string("device"),
                peStart: try count(pv, "pe_start", in: "PV \(key)"), peCount: pv.number("pe_count").map { UInt64(max(0, $0)) } ?? 0,
                deviceSize: pv.number("dev_size").map { UInt64(max(0, $0)) } ?? 0,
                missing: pv.strings("flags").contains("MISSING") || pv.strings("status").contains("MISSING")))
        }
        var lvs: [LogicalVolume] = []
        for (lvName, lv) in vg.section("logical_volumes")?.sections ?? [] {
            var segments: [Segment] = []
            for (segName, seg) in lv.sections where segName.hasPrefix("segment") {
                segments.append(try segment(seg, in: "LV \(lvName) \(segName)"))
            }
            segments.sort { $0.startExtent < $1.startExtent }
            lvs.append(LogicalVolume(name: lvName, uuid: bareUUID(lv.string("id") ?? ""), status: lv.strings("status"),
                                     segments: segments))
        }
        return LVMVolumeGroup(name: name, uuid: bareUUID(id), seqno: vg.number("seqno") ?? 0, extentSize: extentSize,
                              status: vg.strings("status"), physicalVolumes: pvs, logicalVolumes: lvs)
    }

    static func segment(_ seg: LVMConfigSection, in what: String) throws(ParseError) -> Segment {
        let type = seg.string("type") ?? "striped"
        var areas: [Area] = []
        // `"name", extent` pairs.
        func pairs(_ key: String) throws(ParseError) -> [(String, UInt64)] {
            let items = seg.array(key) ?? []
            guard items.count % 2 == 0 else { throw ParseError(reason: "\(what): \(key) is not name/extent pairs") }
            var out: [(String, UInt64)] = []
            for n in stride(from: 0, to: items.count, by: 2) {
                guard case .string(let name) = items[n], case .number(let extent) = items[n + 1], extent >= 0 else {
                    throw ParseError(reason: "\(what): \(key) is not name/extent pairs")
                }
                out.append((name, UInt64(extent)))
            }
            return out
        }
        switch type {
        case "striped":
            let stripes = try pairs("stripes")
            guard !stripes.isEmpty, seg.number("stripe_count").map({ Int($0) == stripes.count }) ?? true else {
                throw ParseError(reason: "\(what): stripe_count does not match its stripes")
            }
            areas = stripes.map { .physical(pv: $0.0, extent: $0.1) }
        case "mirror":
            areas = try pairs("mirrors").map { .logical(lv: $0.0, extent: $0.1) }
        default:
            if type.hasPrefix("raid") {
                // raids = [meta0, image0, meta1, image1, ...]; rmeta "" when there is none.
                let names = seg.strings("raids")
                areas = stride(from: 1, to: names.count, by: 2).map { .logical(lv: names[$0], extent: 0) }
            }
        }
        return Segment(startExtent: try count(seg, "start_extent", in: what), extentCount: try count(seg, "extent_count", in: what),
                       type: type, areas: areas, stripeSize: seg.number("stripe_size").map { UInt64(max(0, $0)) } ?? 0,
                       dataOffset: seg.number("data_offset").map { UInt64(max(0, $0)) } ?? 0,
                       cowStore: seg.string("cow_store"), origin: seg.string("origin"))
    }
}
