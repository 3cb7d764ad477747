/// An LVM2 physical volume's label and metadata area header, as lvm2 lays them out
/// (`label/label.h`, `format_text/layout.h`): the 512-byte label sector (`LABELONE`, in
/// one of the first four sectors) with the `LVM2 001` pv_header (PV UUID, device size,
/// data areas, metadata areas), and each metadata area's 512-byte `mda_header` whose first
/// `raw_locn` places the current metadata text in the area's circular buffer. All fields
/// little-endian. Pure parsing: the bytes come from the device.
public struct LVMLabel: Equatable, Sendable {
    /// A disk area: byte offset from the device start and size (0 = to the end).
    public struct Area: Equatable, Sendable {
        public var offset: UInt64
        public var size: UInt64
    }

    /// The sector (0-3) holding the label.
    public var sector: Int
    /// The PV UUID, 32 characters without dashes.
    public var pvUUID: String
    /// The device size recorded by lvm2, in bytes.
    public var deviceSize: UInt64
    public var dataAreas: [Area]
    public var metadataAreas: [Area]

    /// The PV UUID as lvm2 prints it (6-4-4-4-4-4-6).
    public var pvUUIDText: String { Self.formatUUID(pvUUID) }

    /// Why bytes are not a usable label or metadata area.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case noLabel
        case badLabelChecksum(sector: Int, stored: UInt32, computed: UInt32)
        case notLVM2(String)
        case badHeader(String)
        case badMetadataHeader(String)
        case badMetadataChecksum(stored: UInt32, computed: UInt32)
        case metadataOutsideArea(offset: UInt64, size: UInt64, areaSize: UInt64)
        case noMetadata

        public var description: String {
            switch self {
            case .noLabel: "no LABELONE label in the first 4 sectors"
            case .badLabelChecksum(let s, let st, let c):
                "label in sector \(s): checksum 0x\(String(st, radix: 16)) stored, 0x\(String(c, radix: 16)) computed"
            case .notLVM2(let t): "label type '\(t)' is not LVM2 001"
            case .badHeader(let r): "pv_header: \(r)"
            case .badMetadataHeader(let r): "mda_header: \(r)"
            case .badMetadataChecksum(let s, let c):
                "metadata text checksum 0x\(String(s, radix: 16)) stored, 0x\(String(c, radix: 16)) computed"
            case .metadataOutsideArea(let o, let s, let a):
                "metadata text at \(o) (\(s) bytes) does not fit the \(a)-byte area"
            case .noMetadata: "no metadata text in the area"
            }
        }
    }

    /// lvm2's `calc_crc`: CRC-32 (reflected, polynomial 0xEDB88320) from an initial value,
    /// with no final inversion; `INITIAL_CRC` is 0xf597a6cf.
    public static func crc(_ bytes: some Sequence<UInt8>, initial: UInt32 = 0xF597_A6CF) -> UInt32 {
        var crc = initial
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return crc
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }
    }

    static func u64(_ b: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
    }

    static func formatUUID(_ id: String) -> String {
        let chars = Array(id)
        guard chars.count == 32 else { return id }
        var out = ""
        for (n, c) in chars.enumerated() {
            if [6, 10, 14, 18, 22, 26].contains(n) { out.append("-") }
            out.append(c)
        }
        return out
    }

    /// Parses the label from the device's first 2048 bytes (or more).
    public static func parse(_ start: [UInt8]) throws(ParseError) -> LVMLabel {
        let magic: [UInt8] = Array("LABELONE".utf8)
        for sector in 0..<4 {
            let base = sector * 512
            guard start.count >= base + 512 else { break }
            guard Array(start[base..<base + 8]) == magic else { continue }
            let block = Array(start[base..<base + 512])
            let stored = u32(block, 16)
            let computed = crc(block[20...])
            guard stored == computed else { throw .badLabelChecksum(sector: sector, stored: stored, computed: computed) }
            let type = String(decoding: block[24..<32], as: UTF8.self)
            guard type == "LVM2 001" else { throw .notLVM2(type) }
            let headerOffset = Int(u32(block, 20))
            guard headerOffset >= 32, headerOffset + 40 + 16 <= 512 else { throw .badHeader("at offset \(headerOffset)") }
            let uuidBytes = block[headerOffset..<headerOffset + 32]
            guard uuidBytes.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else { throw .badHeader("PV UUID not printable") }
            let uuid = String(decoding: uuidBytes, as: UTF8.self)
            let deviceSize = u64(block, headerOffset + 32)
            var at = headerOffset + 40
            func areas() throws(ParseError) -> [Area] {
                var list: [Area] = []
                while true {
                    guard at + 16 <= 512 else { throw .badHeader("area list runs past the label sector") }
                    let area = Area(offset: u64(block, at), size: u64(block, at + 8))
                    at += 16
                    if area.offset == 0 { return list }
                    list.append(area)
                }
            }
            let data = try areas()
            let metadata = try areas()
            return LVMLabel(sector: sector, pvUUID: uuid, deviceSize: deviceSize, dataAreas: data, metadataAreas: metadata)
        }
        throw .noLabel
    }

    /// Where the current metadata text lies in a metadata area: one or two byte ranges on
    /// the device (two when it wraps around the end of the circular buffer, continuing
    /// right after the 512-byte header), its size and checksum.
    public struct TextLocation: Equatable, Sendable {
        public var ranges: [(offset: UInt64, size: UInt64)]
        public var size: UInt64
        public var checksum: UInt32

        public static func == (a: TextLocation, b: TextLocation) -> Bool {
            a.size == b.size && a.checksum == b.checksum && a.ranges.map(\.offset) == b.ranges.map(\.offset)
                && a.ranges.map(\.size) == b.ranges.map(\.size)
        }
    }

    /// The 512-byte header size of a metadata area (`MDA_HEADER_SIZE`).
    public static let metadataHeaderSize: UInt64 = 512

    /// Parses the `mda_header` of `area` (its first 512 bytes in `header`) and returns where
    /// its current metadata text is. `RAW_LOCN_IGNORED` areas have none.
    public static func textLocation(header: [UInt8], area: Area) throws(ParseError) -> TextLocation {
        guard header.count >= 512 else { throw .badMetadataHeader("\(header.count) bytes") }
        let stored = u32(header, 0)
        let computed = crc(header[4..<512])
        guard stored == computed else {
            throw .badMetadataHeader("checksum 0x\(String(stored, radix: 16)) stored, 0x\(String(computed, radix: 16)) computed")
        }
        guard Array(header[4..<20]) == Array(" LVM2 x[5A%r0N*>".utf8) else { throw .badMetadataHeader("bad magic") }
        let version = u32(header, 20)
        guard version == 1 else { throw .badMetadataHeader("version \(version)") }
        let start = u64(header, 24)
        let size = u64(header, 32)
        guard start == area.offset else { throw .badMetadataHeader("start \(start) is not the area's \(area.offset)") }
        let offset = u64(header, 40)
        let textSize = u64(header, 48)
        let checksum = u32(header, 56)
        let flags = u32(header, 60)
        guard offset != 0, textSize != 0, flags & 1 == 0 else { throw .noMetadata }
        let buffer = size - metadataHeaderSize
        guard size > metadataHeaderSize, offset >= metadataHeaderSize, offset < size, textSize <= buffer else {
            throw .metadataOutsideArea(offset: offset, size: textSize, areaSize: size)
        }
        if offset + textSize <= size {
            return TextLocation(ranges: [(start + offset, textSize)], size: textSize, checksum: checksum)
        }
        let first = size - offset
        return TextLocation(ranges: [(start + offset, first), (start + metadataHeaderSize, textSize - first)],
                            size: textSize, checksum: checksum)
    }

    /// Checks the text read from `location`'s ranges (concatenated) against its checksum.
    public static func verify(_ text: [UInt8], _ location: TextLocation) throws(ParseError) {
        let computed = crc(text)
        guard computed == location.checksum else { throw .badMetadataChecksum(stored: location.checksum, computed: computed) }
    }
}
