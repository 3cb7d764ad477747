import BootConfig

/// A LUKS volume's metadata, LUKS1 (`phdr`, big-endian, 592 bytes at 0) or LUKS2 (the
/// binary header, its copy, and the JSON area), reduced to what unlocking and opening it
/// through dm-crypt need. Pure parsing: the bytes come from the device.
public struct LUKSHeader: Equatable, Sendable {
    /// Where the key material of a keyslot is and how it is protected.
    public struct Keyslot: Equatable, Sendable {
        /// The slot number (LUKS1: 0-7; LUKS2: the key of the `keyslots` object).
        public var index: Int
        public var kdf: KDF
        /// Byte offset of the AF-split key material from the start of the device.
        public var areaOffset: UInt64
        /// Bytes of the area (LUKS1: the key material rounded up to sectors).
        public var areaSize: UInt64
        /// The cipher of the area in dm-crypt's notation ("aes-xts-plain64").
        public var areaCipher: String
        /// Bytes of the key the KDF derives for the area.
        public var areaKeyBytes: Int
        /// Bytes of the volume key split in the area.
        public var keyBytes: Int
        /// The anti-forensic splitter's stripe count and hash.
        public var stripes: Int
        public var afHash: String
        /// LUKS2's keyslot priority: 0 ignore (never tried with a passphrase), 1 normal,
        /// 2 high (tried first). LUKS1 keyslots are all normal.
        public var priority: Int = 1
    }

    /// A key derivation function with its parameters.
    public enum KDF: Equatable, Sendable {
        case pbkdf2(hash: String, iterations: Int, salt: [UInt8])
        /// `id` false: Argon2i. `memoryKiB` in KiB, `time` passes, `lanes` parallel lanes.
        case argon2(id: Bool, time: Int, memoryKiB: Int, lanes: Int, salt: [UInt8])
    }

    /// What proves a candidate volume key: PBKDF2 of the key equals `digest`.
    public struct Digest: Equatable, Sendable {
        public var hash: String
        public var iterations: Int
        public var salt: [UInt8]
        public var digest: [UInt8]
        /// The keyslots and segments it covers (LUKS1: all).
        public var keyslots: [Int]
        public var segments: [Int]
    }

    /// The encrypted data, as dm-crypt maps it.
    public struct Segment: Equatable, Sendable {
        public var index: Int
        /// Byte offset of the data on the device.
        public var offset: UInt64
        /// Bytes, nil for "dynamic" (to the end of the device).
        public var size: UInt64?
        /// The IV of the segment's first sector (dm-crypt's iv_offset).
        public var ivTweak: UInt64
        /// dm-crypt's cipher notation ("aes-xts-plain64", "aes-cbc-essiv:sha256").
        public var cipher: String
        /// Bytes per encryption sector (512 to 4096).
        public var sectorSize: Int

        public init(index: Int, offset: UInt64, size: UInt64?, ivTweak: UInt64, cipher: String, sectorSize: Int) {
            self.index = index
            self.offset = offset
            self.size = size
            self.ivTweak = ivTweak
            self.cipher = cipher
            self.sectorSize = sectorSize
        }
    }

    /// 1 or 2.
    public var version: Int
    /// The UUID as cryptsetup prints it.
    public var uuid: String
    /// LUKS2's label ("" when none, and always for LUKS1).
    public var label: String
    public var keyslots: [Keyslot]
    public var digests: [Digest]
    public var segments: [Segment]

    /// Why bytes are not a usable LUKS header.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case tooShort(needed: Int, have: Int)
        case badMagic
        case unsupportedVersion(Int)
        case checksum(offset: UInt64)
        case noValidHeader
        case json(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .tooShort(let needed, let have): return "header needs \(needed) bytes, read \(have)"
            case .badMagic: return "no LUKS magic"
            case .unsupportedVersion(let v): return "unsupported LUKS version \(v)"
            case .checksum(let at): return "LUKS2 header at \(at): checksum mismatch"
            case .noValidHeader: return "no LUKS2 header with a valid checksum"
            case .json(let why): return "LUKS2 metadata: \(why)"
            case .invalid(let why): return why
            }
        }
    }

    /// "LUKS\xBA\xBE" and, for LUKS2's second header, "SKUL\xBA\xBE".
    static let magic: [UInt8] = [0x4C, 0x55, 0x4B, 0x53, 0xBA, 0xBE]
    static let secondaryMagic: [UInt8] = [0x53, 0x4B, 0x55, 0x4C, 0xBA, 0xBE]

    /// The LUKS version of a block that starts with the magic, nil otherwise.
    public static func version(of block: [UInt8]) -> Int? {
        guard block.count >= 8, Array(block[0..<6]) == magic else { return nil }
        return Int(BigEndian.u16(block, 6))
    }

    /// The offsets where LUKS2 may put its second binary header, tried when the first one
    /// is damaged (cryptsetup's list: 16 KiB to 4 MiB, doubling).
    public static let secondaryOffsets: [UInt64] = (0..<9).map { UInt64(16384) << $0 }
}

/// Big-endian reads from byte arrays (callers check the bounds).
enum BigEndian {
    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) << 8 | UInt16(b[at + 1]) }
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }
    static func u64(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(b, at)) << 32 | UInt64(u32(b, at + 4)) }
    /// A NUL-terminated (or field-long) text field.
    static func text(_ b: [UInt8], _ at: Int, _ length: Int) -> String {
        let field = b[at..<(at + length)]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        return String(decoding: field[field.startIndex..<end], as: UTF8.self)
    }
}
