/// An md RAID member's superblock, as the kernel's `md_p.h` lays it out: version 0.90
/// (`mdp_super_t`, 4 KiB, 64 KiB-aligned at the end of the device) and version 1
/// (`mdp_superblock_1`, little-endian; 1.0 at the end of the device, 8 KiB before it and
/// 4 KiB-aligned, 1.1 at the start, 1.2 4 KiB from the start). Pure parsing: the bytes
/// come from the device.
public struct MDSuperblock: Equatable, Sendable {
    /// The superblock format: `major` 0 with `minor` 90, or `major` 1 with `minor` 0, 1, 2.
    public struct Version: Hashable, Sendable, CustomStringConvertible {
        public var major: Int
        public var minor: Int
        public static let v090 = Version(major: 0, minor: 90)
        public static let v10 = Version(major: 1, minor: 0)
        public static let v11 = Version(major: 1, minor: 1)
        public static let v12 = Version(major: 1, minor: 2)
        /// Every version, in the order the offsets are tried.
        public static let all: [Version] = [.v12, .v11, .v10, .v090]
        public var description: String { major == 0 ? "0.90" : "1.\(minor)" }

        /// Byte offset of this version's superblock on a device of `deviceSize` bytes
        /// (nil when the device is too small to hold one).
        public func offset(deviceSize: UInt64) -> UInt64? {
            switch (major, minor) {
            case (0, _):
                // MD_NEW_SIZE_SECTORS: round down to 64 KiB, then 64 KiB before that.
                let aligned = deviceSize & ~UInt64(65535)
                return aligned >= 65536 ? aligned - 65536 : nil
            case (1, 0):
                return deviceSize >= 8192 + 4096 ? (deviceSize - 8192) & ~UInt64(4095) : nil
            case (1, 1):
                return deviceSize >= 4096 ? 0 : nil
            default:
                return deviceSize >= 8192 ? 4096 : nil
            }
        }
    }

    /// Why a block is not a usable superblock.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case tooShort(Int)
        case badMagic(UInt32)
        case unsupportedVersion(UInt32)
        case badChecksum(stored: UInt32, computed: UInt32)
        case roleOutOfRange(device: UInt32, maxDevices: UInt32)
        /// A sector count (data offset, data size, used size) beyond what a byte offset holds.
        case sectorsOutOfRange(field: String, sectors: UInt64)

        public var description: String {
            switch self {
            case .tooShort(let n): "superblock block of \(n) bytes is too short"
            case .badMagic(let m): "no md magic (found 0x\(String(m, radix: 16)))"
            case .unsupportedVersion(let v): "major version \(v) not supported"
            case .badChecksum(let s, let c):
                "checksum 0x\(String(s, radix: 16)) stored, 0x\(String(c, radix: 16)) computed"
            case .roleOutOfRange(let d, let m): "device number \(d) beyond the \(m) roles recorded"
            case .sectorsOutOfRange(let field, let n): "\(field) of \(n) sectors is beyond any device"
            }
        }
    }

    /// What this device is in the array.
    public enum Role: Equatable, Sendable, CustomStringConvertible {
        /// An active member in slot N (0-based).
        case active(Int)
        case spare
        case faulty
        case journal

        public var description: String {
            switch self {
            case .active(let n): "active slot \(n)"
            case .spare: "spare"
            case .faulty: "faulty"
            case .journal: "journal"
            }
        }
    }

    public static let magic: UInt32 = 0xA92B_4EFC

    public var version: Version
    /// The array's UUID: 16 bytes, the same on every member.
    public var arrayUUID: [UInt8]
    /// The array's name (1.x only; "" for 0.90).
    public var name: String
    /// RAID level: -1 linear, 0, 1, 4, 5, 6, 10 (-4 multipath).
    public var level: Int
    public var layout: UInt32
    /// Chunk size in bytes.
    public var chunkSize: UInt64
    /// Members the array has when complete.
    public var raidDisks: Int
    public var role: Role
    /// Where the data starts on this device, in bytes.
    public var dataOffset: UInt64
    /// The bytes of this device available for data from `dataOffset` (0.90: the used size).
    public var dataSize: UInt64
    /// The bytes of each member the array uses (`size`; 0 for levels that use all of `dataSize`).
    public var usedSize: UInt64
    /// The update count: the member with the highest is the most recent.
    public var events: UInt64
    /// 1.x `feature_map`; 0 for 0.90.
    public var featureMap: UInt32
    /// True when the array was shut down cleanly (no resync pending).
    public var clean: Bool
    /// Where a reshape stopped; nil when none is in progress.
    public var reshapePosition: UInt64?

    /// The array UUID as mdadm prints it: four groups of 8 hex digits joined by ':'.
    public var uuidText: String {
        var groups: [String] = []
        for g in 0..<4 {
            var text = ""
            for b in arrayUUID[(g * 4)..<(g * 4 + 4)] {
                text += (b < 16 ? "0" : "") + String(b, radix: 16)
            }
            groups.append(text)
        }
        return groups.joined(separator: ":")
    }

    /// The md personality module for `level` (`raid1`, `raid456`, …), nil for none known.
    public var personalityModule: String? {
        switch level {
        case -1: "linear"
        case 0: "raid0"
        case 1: "raid1"
        case 4, 5, 6: "raid456"
        case 10: "raid10"
        default: nil
        }
    }

    /// Parses the superblock of `version` from `block`, the bytes read at
    /// `version.offset(deviceSize:)` (4 KiB is enough for both formats).
    public static func parse(_ block: [UInt8], version: Version) throws(ParseError) -> MDSuperblock {
        version.major == 0 ? try parse090(block) : try parse1(block, minor: version.minor)
    }

    // MARK: 0.90

    /// `mdp_super_t`: 1024 32-bit words in the host's order (little-endian here).
    private static func parse090(_ b: [UInt8]) throws(ParseError) -> MDSuperblock {
        guard b.count >= 4096 else { throw .tooShort(b.count) }
        func word(_ i: Int) -> UInt32 { le32(b, i * 4) }
        guard word(0) == magic else { throw .badMagic(word(0)) }
        guard word(1) == 0, word(2) == 90 else { throw .unsupportedVersion(word(1)) }
        // sb_csum is word 38 of the generic state section (word 32 + 6).
        let stored = word(38)
        var sum: UInt64 = 0
        for i in 0..<1024 where i != 38 { sum &+= UInt64(word(i)) }
        let computed = UInt32(truncatingIfNeeded: (sum & 0xFFFF_FFFF) &+ (sum >> 32))
        guard stored == computed else { throw .badChecksum(stored: stored, computed: computed) }
        var uuid: [UInt8] = []
        for w in [5, 13, 14, 15] { uuid += bytesBE(word(w)) }  // as mdadm prints the words
        // this_disk (MD_SB_DESCRIPTOR_OFFSET 992): number, major, minor, raid_disk, state.
        let raidDisk = word(995)
        let state = word(996)
        let role: Role
        if state & 1 != 0 { role = .faulty }  // MD_DISK_FAULTY
        else if state & 2 != 0 { role = .active(Int(raidDisk)) }  // MD_DISK_ACTIVE
        else { role = .spare }
        let events = UInt64(word(40)) << 32 | UInt64(word(39))  // events_hi, events_lo (LE)
        let level = Int(Int32(bitPattern: word(7)))
        return MDSuperblock(
            version: .v090, arrayUUID: uuid, name: "", level: level,
            layout: word(64), chunkSize: UInt64(word(65)), raidDisks: Int(word(10)), role: role,
            dataOffset: 0, dataSize: UInt64(word(8)) * 1024, usedSize: UInt64(word(8)) * 1024, events: events, featureMap: 0,
            clean: word(33) & 1 != 0,  // MD_SB_CLEAN
            reshapePosition: nil)
    }

    // MARK: 1.x

    /// `mdp_superblock_1`: 256 bytes, then `max_dev` 16-bit roles; little-endian.
    private static func parse1(_ b: [UInt8], minor: Int) throws(ParseError) -> MDSuperblock {
        guard b.count >= 256 else { throw .tooShort(b.count) }
        guard le32(b, 0) == magic else { throw .badMagic(le32(b, 0)) }
        guard le32(b, 4) == 1 else { throw .unsupportedVersion(le32(b, 4)) }
        let maxDev = le32(b, 220)
        let length = 256 + Int(min(maxDev, 1920)) * 2
        guard b.count >= length else { throw .tooShort(b.count) }
        let stored = le32(b, 216)
        let computed = checksum1(b, length: length)
        guard stored == computed else { throw .badChecksum(stored: stored, computed: computed) }
        let devNumber = le32(b, 160)
        guard devNumber < maxDev, 256 + Int(devNumber) * 2 + 2 <= length else {
            throw .roleOutOfRange(device: devNumber, maxDevices: maxDev)
        }
        let raw = le16(b, 256 + Int(devNumber) * 2)
        let role: Role = switch raw {
        case 0xFFFF: .spare
        case 0xFFFE: .faulty
        case 0xFFFD: .journal
        default: .active(Int(raw))
        }
        var nameBytes = Array(b[32..<64])
        if let end = nameBytes.firstIndex(of: 0) { nameBytes = Array(nameBytes[..<end]) }
        let featureMap = le32(b, 8)
        let resyncOffset = le64(b, 208)
        // Sector counts as bytes; a count no device can have (a hostile or damaged
        // superblock whose checksum still adds up) is refused, not trapped on.
        func bytes(_ field: String, _ at: Int) throws(ParseError) -> UInt64 {
            let sectors = le64(b, at)
            let (value, overflow) = sectors.multipliedReportingOverflow(by: 512)
            guard !overflow else { throw .sectorsOutOfRange(field: field, sectors: sectors) }
            return value
        }
        let dataOffset = try bytes("data offset", 128), dataSize = try bytes("data size", 136)
        let usedSize = try bytes("used size", 80)
        return MDSuperblock(
            version: Version(major: 1, minor: minor), arrayUUID: Array(b[16..<32]),
            name: String(decoding: nameBytes, as: UTF8.self), level: Int(Int32(bitPattern: le32(b, 72))),
            layout: le32(b, 76), chunkSize: UInt64(le32(b, 88)) * 512, raidDisks: Int(le32(b, 92)),
            role: role, dataOffset: dataOffset, dataSize: dataSize, usedSize: usedSize,
            events: le64(b, 200), featureMap: featureMap,
            clean: resyncOffset == UInt64.max,  // MaxSector: nothing to resync
            reshapePosition: featureMap & 4 != 0 ? le64(b, 104) : nil)  // MD_FEATURE_RESHAPE_ACTIVE
    }

    /// The 1.x checksum: 32-bit little-endian words summed into 64 bits with `sb_csum`
    /// counted as 0, a trailing 16-bit word added, then the carry folded in once.
    static func checksum1(_ b: [UInt8], length: Int) -> UInt32 {
        var sum: UInt64 = 0
        var i = 0
        while i + 4 <= length {
            if i != 216 { sum &+= UInt64(le32(b, i)) }
            i += 4
        }
        if i + 2 <= length { sum &+= UInt64(le16(b, i)) }
        return UInt32(truncatingIfNeeded: (sum & 0xFFFF_FFFF) &+ (sum >> 32))
    }

    private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
    private static func le64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32 }
    private static func bytesBE(_ w: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - $0 * 8)) } }
}
