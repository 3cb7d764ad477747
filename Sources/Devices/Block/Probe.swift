#if canImport(Glibc)
import Glibc
#endif
import CBlkid
import LinuxSystem

/// What libblkid says about one block device.
public struct ProbeResult: Sendable, Equatable {
    /// Filesystem type (`TYPE`), nil when there is none (a partitioned disk, empty space).
    public var type: String?
    public var uuid: String?
    public var label: String?
    public var partUUID: String?
    public var partLabel: String?
    /// `PART_ENTRY_TYPE`: a GPT type GUID or an MBR type like `0x83`.
    public var partType: String?
    /// `PART_ENTRY_SCHEME`: `gpt` or `dos`.
    public var partScheme: String?
    /// `PART_ENTRY_NUMBER`.
    public var partNumber: Int?
    /// `PTTYPE`: the partition table on a whole disk.
    public var tableType: String?

    public init() {}
}

/// Probing with libblkid's low-level API (no cache, nothing written).
public enum Probe {
    /// Probes `node` for a filesystem and partition entry details.
    /// The C calls are `blkid_new_probe_from_filename`, `blkid_probe_enable_partitions`,
    /// `blkid_probe_set_partitions_flags(BLKID_PARTS_ENTRY_DETAILS)`, `blkid_do_safeprobe`
    /// and `blkid_probe_lookup_value`.
    public static func probe(_ node: String) throws(SystemError) -> ProbeResult {
        guard let probe = blkid_new_probe_from_filename(node) else {
            throw SystemError(call: "blkid_new_probe_from_filename", path: node, errno: errnoOr(EIO))
        }
        defer { blkid_free_probe(probe) }
        blkid_probe_enable_superblocks(probe, 1)
        blkid_probe_set_superblocks_flags(probe, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL)
        blkid_probe_enable_partitions(probe, 1)
        blkid_probe_set_partitions_flags(probe, BLKID_PARTS_ENTRY_DETAILS)
        let rc = blkid_do_safeprobe(probe)
        if rc < 0 {
            throw SystemError(call: "blkid_do_safeprobe", path: node, errno: errnoOr(EIO))
        }
        // rc == 1: nothing found; rc == -2: ambivalent (two signatures), nothing trusted.
        func value(_ name: String) -> String? {
            var data: UnsafePointer<CChar>?
            var length = 0
            guard blkid_probe_lookup_value(probe, name, &data, &length) == 0, let data else { return nil }
            let text = String(cString: data)
            return text.isEmpty ? nil : text
        }
        var result = ProbeResult()
        result.type = value("TYPE")
        result.uuid = value("UUID")
        result.label = value("LABEL")
        result.partUUID = value("PART_ENTRY_UUID")
        result.partLabel = value("PART_ENTRY_NAME")
        result.partType = value("PART_ENTRY_TYPE")
        result.partScheme = value("PART_ENTRY_SCHEME")
        result.partNumber = value("PART_ENTRY_NUMBER").flatMap { Int($0) }
        result.tableType = value("PTTYPE")
        return result
    }

    static func errnoOr(_ fallback: Int32) -> Int32 {
        errno != 0 ? errno : fallback
    }
}

/// One entry of a partition table, as libblkid reads it.
public struct PartitionEntry: Sendable, Equatable {
    public var number: Int
    /// Start and size in bytes.
    public var start: UInt64
    public var size: UInt64
    /// `gpt` or `dos`.
    public var scheme: String
    public var uuid: String?
    public var name: String?
    /// GPT type GUID or MBR type as `0xNN`.
    public var type: String?

    public init(number: Int, start: UInt64, size: UInt64, scheme: String,
                uuid: String? = nil, name: String? = nil, type: String? = nil) {
        self.number = number
        self.start = start
        self.size = size
        self.scheme = scheme
        self.uuid = uuid
        self.name = name
        self.type = type
    }

    /// MBR extended-partition containers hold no filesystem.
    public var isExtendedContainer: Bool {
        scheme == "dos" && ["0x5", "0xf", "0x85"].contains(type ?? "")
    }

    /// The MBR PARTUUID form `xxxxxxxx-NN` from the disk identifier.
    public static func dosPartUUID(diskID: String, number: Int) -> String {
        let hex = String(number, radix: 16)
        return diskID + "-" + (hex.count < 2 ? "0" + hex : hex)
    }
}

extension Probe {
    /// The partition table entries of a disk (empty when it has none). The C calls are
    /// `blkid_probe_get_partitions`, `blkid_partlist_get_partition` and the
    /// `blkid_partition_get_*` accessors.
    public static func partitions(_ node: String) throws(SystemError) -> [PartitionEntry] {
        guard let probe = blkid_new_probe_from_filename(node) else {
            throw SystemError(call: "blkid_new_probe_from_filename", path: node, errno: errnoOr(EIO))
        }
        defer { blkid_free_probe(probe) }
        guard let list = blkid_probe_get_partitions(probe), let table = blkid_partlist_get_table(list) else { return [] }
        let scheme = blkid_parttable_get_type(table).map { String(cString: $0) } ?? ""
        let diskID = blkid_parttable_get_id(table).map { String(cString: $0) }
        var entries: [PartitionEntry] = []
        for i in 0..<max(0, blkid_partlist_numof_partitions(list)) {
            guard let part = blkid_partlist_get_partition(list, i) else { continue }
            let number = Int(blkid_partition_get_partno(part))
            var entry = PartitionEntry(
                number: number, start: UInt64(blkid_partition_get_start(part)) * 512,
                size: UInt64(blkid_partition_get_size(part)) * 512, scheme: scheme,
                uuid: blkid_partition_get_uuid(part).map { String(cString: $0) },
                name: blkid_partition_get_name(part).map { String(cString: $0) },
                type: blkid_partition_get_type_string(part).map { String(cString: $0) })
            if scheme == "dos" {
                entry.type = "0x" + String(blkid_partition_get_type(part), radix: 16)
                if entry.uuid == nil, let diskID { entry.uuid = PartitionEntry.dosPartUUID(diskID: diskID, number: number) }
            }
            entries.append(entry)
        }
        return entries.filter { !$0.isExtendedContainer }
    }
}
