import CArgon2
import CMbedTLS

/// Unlocking a LUKS volume with a passphrase: for each keyslot, the KDF (PBKDF2 or
/// Argon2i/Argon2id) derives the area key, which decrypts the keyslot's key material; the
/// anti-forensic merge of its stripes gives a candidate volume key, accepted when its
/// PBKDF2 equals the digest covering the keyslot. Every buffer holding the passphrase's
/// derivatives or a candidate key is a `SecretBytes`, wiped when released.
public enum LUKSUnlock {
    /// Why no volume key came out.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// No keyslot accepted the passphrase.
        case wrongPassphrase
        /// The volume uses something not implemented (a cipher, a hash, a KDF).
        case unsupported(String)
        /// A keyslot's area could not be read.
        case unreadable(String)
        /// The header has no keyslot to try.
        case noKeyslot

        public var description: String {
            switch self {
            case .wrongPassphrase: return "no keyslot matches the passphrase"
            case .unsupported(let what): return "unsupported: \(what)"
            case .unreadable(let what): return what
            case .noKeyslot: return "no usable keyslot"
            }
        }
    }

    /// The volume key, the keyslot that gave it and the segment to map.
    public struct Unlocked {
        public var key: SecretBytes
        public var keyslot: Int
        public var segment: LUKSHeader.Segment
    }

    /// The mode of a dm-crypt cipher string the keyslot decryption supports.
    static func sectorMode(_ cipher: String) -> Int32? {
        switch cipher {
        case "aes-xts-plain64": return Int32(SBCRYPTO_XTS_PLAIN64)
        case "aes-cbc-plain64", "aes-cbc-plain": return Int32(SBCRYPTO_CBC_PLAIN64)
        case "aes-cbc-essiv:sha256": return Int32(SBCRYPTO_CBC_ESSIV_SHA256)
        default: return nil
        }
    }

    /// Tries `passphrase` on every keyslot covered by a digest of a segment, reading the
    /// keyslot areas through `read(offset, count)`. Returns the first key that verifies.
    public static func unlock(_ header: LUKSHeader, passphrase: SecretBytes,
                              read: (UInt64, Int) -> [UInt8]?) -> Result<Unlocked, Failure> {
        var firstProblem: Failure?
        // High priority first, then normal; "ignore" keyslots are not tried.
        let order = header.keyslots.filter { $0.priority > 0 }.sorted { $0.priority > $1.priority }
        for slot in order {
            guard let digest = header.digests.first(where: { $0.keyslots.contains(slot.index) }),
                  let segment = header.segments.first(where: { digest.segments.contains($0.index) }) else { continue }
            switch tryKeyslot(slot, digest: digest, passphrase: passphrase, read: read) {
            case .success(let key): return .success(Unlocked(key: key, keyslot: slot.index, segment: segment))
            case .failure(.wrongPassphrase): continue
            case .failure(let other): if firstProblem == nil { firstProblem = other }
            }
        }
        if let firstProblem { return .failure(firstProblem) }
        return .failure(order.isEmpty ? .noKeyslot : .wrongPassphrase)
    }

    /// One keyslot: KDF, area decryption, AF merge, digest check.
    static func tryKeyslot(_ slot: LUKSHeader.Keyslot, digest: LUKSHeader.Digest, passphrase: SecretBytes,
                           read: (UInt64, Int) -> [UInt8]?) -> Result<SecretBytes, Failure> {
        guard let mode = sectorMode(slot.areaCipher) else { return .failure(.unsupported("keyslot cipher \(slot.areaCipher)")) }
        let material = slot.keyBytes * slot.stripes
        let length = (material + 511) / 512 * 512
        guard UInt64(length) <= slot.areaSize || slot.areaSize == 0 else {
            return .failure(.unsupported("keyslot \(slot.index): \(material) bytes of key material in a \(slot.areaSize)-byte area"))
        }
        guard let encrypted = read(slot.areaOffset, length), encrypted.count == length else {
            return .failure(.unreadable("keyslot \(slot.index): \(length) bytes at \(slot.areaOffset) not readable"))
        }
        let areaKey: SecretBytes
        switch derive(slot.kdf, passphrase: passphrase, length: slot.areaKeyBytes) {
        case .success(let k): areaKey = k
        case .failure(let f): return .failure(f)
        }
        let split = SecretBytes(count: length)
        let ok = decryptSectors(mode: mode, key: areaKey, firstIV: 0, ivStep: 1, sectorSize: 512, encrypted, into: split.base)
        areaKey.wipe()
        guard ok else { return .failure(.unsupported("keyslot \(slot.index): \(slot.areaCipher) with a \(slot.areaKeyBytes)-byte key")) }
        guard let key = AFSplitter.merge(split, blockSize: slot.keyBytes, stripes: slot.stripes, hash: slot.afHash) else {
            return .failure(.unsupported("AF hash \(slot.afHash)"))
        }
        split.wipe()
        switch verify(key, digest) {
        case .success(true): return .success(key)
        case .success(false): key.wipe(); return .failure(.wrongPassphrase)
        case .failure(let f): key.wipe(); return .failure(f)
        }
    }

    /// Decrypts whole sectors of `data` as dm-crypt with `cipher` ("aes-xts-plain64",
    /// "aes-cbc-essiv:sha256", "aes-cbc-plain64") does: the n-th sector's IV is
    /// firstIV + n * ivStep. nil for an unsupported cipher or key, or a partial sector.
    public static func decrypt(cipher: String, key: SecretBytes, firstIV: UInt64, ivStep: UInt64, sectorSize: Int,
                               _ data: [UInt8]) -> [UInt8]? {
        guard let mode = sectorMode(cipher) else { return nil }
        var out = [UInt8](repeating: 0, count: data.count)
        let ok = out.withUnsafeMutableBufferPointer { o in
            decryptSectors(mode: mode, key: key, firstIV: firstIV, ivStep: ivStep, sectorSize: sectorSize, data,
                           into: o.baseAddress!)
        }
        return ok ? out : nil
    }

    static func decryptSectors(mode: Int32, key: SecretBytes, firstIV: UInt64, ivStep: UInt64, sectorSize: Int,
                               _ data: [UInt8], into out: UnsafeMutablePointer<UInt8>) -> Bool {
        data.withUnsafeBufferPointer { d in
            sbcrypto_decrypt_sectors(mode, key.base, key.count, firstIV, ivStep, sectorSize, d.baseAddress, out, d.count) == 0
        }
    }

    /// Whether PBKDF2 of `key` with the digest's hash, salt and iterations is the digest.
    static func verify(_ key: SecretBytes, _ digest: LUKSHeader.Digest) -> Result<Bool, Failure> {
        var out = [UInt8](repeating: 0, count: digest.digest.count)
        let r = digest.hash.withCString { hash in
            digest.salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    sbcrypto_pbkdf2(hash, key.base, key.count, s.baseAddress, s.count, UInt32(digest.iterations),
                                    o.baseAddress, UInt32(o.count))
                }
            }
        }
        guard r == 0 else { return .failure(.unsupported("digest hash \(digest.hash)")) }
        var diff: UInt8 = 0
        for i in 0..<out.count { diff |= out[i] ^ digest.digest[i] }
        return .success(diff == 0)
    }

    /// `length` bytes derived from the passphrase by the keyslot's KDF.
    public static func derive(_ kdf: LUKSHeader.KDF, passphrase: SecretBytes, length: Int) -> Result<SecretBytes, Failure> {
        let out = SecretBytes(count: length)
        switch kdf {
        case let .pbkdf2(hash, iterations, salt):
            let r = hash.withCString { name in
                salt.withUnsafeBufferPointer { s in
                    sbcrypto_pbkdf2(name, passphrase.base, passphrase.count, s.baseAddress, s.count, UInt32(iterations),
                                    out.base, UInt32(length))
                }
            }
            return r == 0 ? .success(out) : .failure(.unsupported("PBKDF2 hash \(hash)"))
        case let .argon2(id, time, memoryKiB, lanes, salt):
            let r = salt.withUnsafeBufferPointer { s in
                sbargon2_hash(id ? 1 : 0, UInt32(time), UInt32(memoryKiB), UInt32(lanes), passphrase.base, passphrase.count,
                              s.baseAddress, s.count, out.base, length)
            }
            guard r == 0 else {
                return .failure(.unsupported("\(id ? "argon2id" : "argon2i"): \(String(cString: sbargon2_error(r)))"))
            }
            return .success(out)
        }
    }
}
