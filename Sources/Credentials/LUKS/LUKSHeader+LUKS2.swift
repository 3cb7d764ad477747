import BootConfig
import CMbedTLS

extension LUKSHeader {
    /// Bytes of LUKS2's binary header (the JSON area follows it up to `hdr_size`).
    public static let luks2BinarySize = 4096

    /// Parses a LUKS2 volume's metadata, reading the device through `read(offset, count)`
    /// (nil when the bytes cannot be read). Both binary headers are checked (magic,
    /// `checksum_alg` over `hdr_size` bytes with the checksum field zeroed); of the valid
    /// ones the one with the higher `seqid` is used. The second header is looked for at the
    /// first one's `hdr_size`, then at every offset cryptsetup may put it.
    public static func parseLUKS2(read: (UInt64, Int) -> [UInt8]?) throws(ParseError) -> LUKSHeader {
        var best: (seqid: UInt64, area: [UInt8])?
        var firstError: ParseError?
        func consider(_ offset: UInt64, magic expected: [UInt8]) -> UInt64? {
            switch checkedArea(at: offset, magic: expected, read: read) {
            case .success(let found):
                if best == nil || found.seqid > best!.seqid { best = (found.seqid, found.area) }
                return UInt64(found.area.count)
            case .failure(let e):
                if firstError == nil { firstError = e }
                return nil
            }
        }
        let primarySize = consider(0, magic: magic)
        var tried: Set<UInt64> = []
        for offset in (primarySize.map { [$0] } ?? []) + secondaryOffsets where !tried.contains(offset) {
            tried.insert(offset)
            if consider(offset, magic: secondaryMagic) != nil { break }
        }
        guard let area = best?.area else { throw firstError ?? .noValidHeader }
        let json: JSON
        do {
            json = try JSONParser.parse(Array(area[luks2BinarySize...]))
        } catch {
            throw .json(error.description)
        }
        var header = try metadata(json)
        header.uuid = BigEndian.text(area, 168, 40)
        header.label = BigEndian.text(area, 24, 48)
        return header
    }

    /// The `hdr_size` bytes of the binary header at `offset` with its JSON area, when the
    /// magic, version 2, the size and the checksum hold.
    static func checkedArea(at offset: UInt64, magic expected: [UInt8],
                            read: (UInt64, Int) -> [UInt8]?) -> Result<(seqid: UInt64, area: [UInt8]), ParseError> {
        guard let head = read(offset, luks2BinarySize), head.count == luks2BinarySize else {
            return .failure(.tooShort(needed: luks2BinarySize, have: 0))
        }
        guard Array(head[0..<6]) == expected else { return .failure(.badMagic) }
        let version = Int(BigEndian.u16(head, 6))
        guard version == 2 else { return .failure(.unsupportedVersion(version)) }
        let size = BigEndian.u64(head, 8)
        guard secondaryOffsets.contains(size) else { return .failure(.invalid("LUKS2 header at \(offset): hdr_size \(size)")) }
        guard BigEndian.u64(head, 256) == offset else {
            return .failure(.invalid("LUKS2 header at \(offset): hdr_offset \(BigEndian.u64(head, 256))"))
        }
        guard let area = read(offset, Int(size)), area.count == Int(size) else {
            return .failure(.tooShort(needed: Int(size), have: 0))
        }
        let algorithm = BigEndian.text(head, 72, 32)
        let digestSize = Int(algorithm.withCString { sbcrypto_md_size($0) })
        guard digestSize > 0 else { return .failure(.invalid("LUKS2 header at \(offset): checksum_alg '\(algorithm)'")) }
        var zeroed = area
        for i in 448..<512 { zeroed[i] = 0 }
        var sum = [UInt8](repeating: 0, count: digestSize)
        let r = algorithm.withCString { name in
            zeroed.withUnsafeBufferPointer { z in
                sum.withUnsafeMutableBufferPointer { s in
                    sbcrypto_hash2(name, z.baseAddress, z.count, nil, 0, s.baseAddress)
                }
            }
        }
        guard r == 0, Array(area[448..<(448 + digestSize)]) == sum else { return .failure(.checksum(offset: offset)) }
        return .success((BigEndian.u64(head, 16), area))
    }

    /// The keyslots, segments and digests of LUKS2's JSON metadata. Keyslots of a type
    /// other than `luks2`, segments other than `crypt` and digests other than `pbkdf2` are
    /// left out (nothing here can use them).
    static func metadata(_ json: JSON) throws(ParseError) -> LUKSHeader {
        guard let slotMembers = json["keyslots"]?.objectMembers, let segmentMembers = json["segments"]?.objectMembers,
              let digestMembers = json["digests"]?.objectMembers else {
            throw .json("keyslots, segments or digests missing")
        }
        var slots: [Keyslot] = []
        for (key, slot) in slotMembers where slot["type"]?.stringValue == "luks2" {
            let path = "keyslots.\(key)"
            let index = try number(key, path)
            guard let af = slot["af"], af["type"]?.stringValue == "luks1" else { throw .json("\(path).af: not luks1") }
            guard let area = slot["area"], area["type"]?.stringValue == "raw" else { throw .json("\(path).area: not raw") }
            guard let kdfJSON = slot["kdf"] else { throw .json("\(path).kdf missing") }
            slots.append(Keyslot(
                index: index, kdf: try kdf(kdfJSON, "\(path).kdf"),
                areaOffset: try bigNumber(area["offset"], "\(path).area.offset"),
                areaSize: try bigNumber(area["size"], "\(path).area.size"),
                areaCipher: try text(area["encryption"], "\(path).area.encryption"),
                areaKeyBytes: try int(area["key_size"], "\(path).area.key_size", 1...128),
                keyBytes: try int(slot["key_size"], "\(path).key_size", 1...128),
                stripes: try int(af["stripes"], "\(path).af.stripes", 1...(1 << 20)),
                afHash: try text(af["hash"], "\(path).af.hash"),
                priority: slot["priority"] == nil ? 1 : try int(slot["priority"], "\(path).priority", 0...2)))
        }
        var segments: [Segment] = []
        for (key, segment) in segmentMembers where segment["type"]?.stringValue == "crypt" {
            let path = "segments.\(key)"
            let size: UInt64? = segment["size"]?.stringValue == "dynamic" ? nil : try bigNumber(segment["size"], "\(path).size")
            segments.append(Segment(
                index: try number(key, path), offset: try bigNumber(segment["offset"], "\(path).offset"), size: size,
                ivTweak: try bigNumber(segment["iv_tweak"], "\(path).iv_tweak"),
                cipher: try text(segment["encryption"], "\(path).encryption"),
                sectorSize: try int(segment["sector_size"], "\(path).sector_size", 512...4096)))
        }
        var digests: [Digest] = []
        for (key, digest) in digestMembers where digest["type"]?.stringValue == "pbkdf2" {
            let path = "digests.\(key)"
            func list(_ name: String) throws(ParseError) -> [Int] {
                guard let items = digest[name]?.arrayValue else { throw .json("\(path).\(name) missing") }
                var out: [Int] = []
                for item in items { out.append(try number(try text(item, "\(path).\(name)"), "\(path).\(name)")) }
                return out
            }
            digests.append(Digest(
                hash: try text(digest["hash"], "\(path).hash"),
                iterations: try int(digest["iterations"], "\(path).iterations", 1...Int(UInt32.max)),
                salt: try base64(digest["salt"], "\(path).salt"), digest: try base64(digest["digest"], "\(path).digest"),
                keyslots: try list("keyslots"), segments: try list("segments")))
        }
        return LUKSHeader(version: 2, uuid: "", label: "", keyslots: slots, digests: digests, segments: segments)
    }

    static func kdf(_ j: JSON, _ path: String) throws(ParseError) -> KDF {
        let salt = try base64(j["salt"], "\(path).salt")
        switch j["type"]?.stringValue {
        case "pbkdf2":
            return .pbkdf2(hash: try text(j["hash"], "\(path).hash"),
                           iterations: try int(j["iterations"], "\(path).iterations", 1...Int(UInt32.max)), salt: salt)
        case let type? where type == "argon2i" || type == "argon2id":
            return .argon2(id: type == "argon2id", time: try int(j["time"], "\(path).time", 1...Int(UInt32.max)),
                           memoryKiB: try int(j["memory"], "\(path).memory", 8...(4 << 20)),
                           lanes: try int(j["cpus"], "\(path).cpus", 1...(1 << 24) - 1), salt: salt)
        case let type:
            throw .json("\(path).type '\(type ?? "?")' is not pbkdf2, argon2i or argon2id")
        }
    }

    static func text(_ j: JSON?, _ path: String) throws(ParseError) -> String {
        guard let s = j?.stringValue, !s.isEmpty else { throw .json("\(path): expected a string") }
        return s
    }

    static func int(_ j: JSON?, _ path: String, _ range: ClosedRange<Int>) throws(ParseError) -> Int {
        guard let n = j?.intValue, range.contains(n) else { throw .json("\(path): expected a number in \(range)") }
        return n
    }

    /// LUKS2 writes 64-bit numbers as decimal strings.
    static func bigNumber(_ j: JSON?, _ path: String) throws(ParseError) -> UInt64 {
        guard let s = j?.stringValue, let n = UInt64(s) else { throw .json("\(path): expected a decimal string") }
        return n
    }

    static func number(_ s: String, _ path: String) throws(ParseError) -> Int {
        guard let n = Int(s), n >= 0, n < 1 << 16 else { throw .json("\(path): '\(s)' is not an index") }
        return n
    }

    static func base64(_ j: JSON?, _ path: String) throws(ParseError) -> [UInt8] {
        guard let s = j?.stringValue, let bytes = Base64.decode(s), !bytes.isEmpty else {
            throw .json("\(path): expected base64")
        }
        return bytes
    }
}
