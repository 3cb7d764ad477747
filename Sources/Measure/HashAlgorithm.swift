import Cpio

/// A TPM 2.0 hash algorithm (`TPM_ALG_ID`, TPM 2.0 Library Part 2, table 9) of a PCR bank.
public struct HashAlgorithm: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let sha1 = HashAlgorithm(rawValue: 0x0004)
    public static let sha256 = HashAlgorithm(rawValue: 0x000B)
    public static let sha384 = HashAlgorithm(rawValue: 0x000C)
    public static let sha512 = HashAlgorithm(rawValue: 0x000D)
    public static let sm3_256 = HashAlgorithm(rawValue: 0x0012)

    /// The digest size in bytes, nil for an algorithm swiftboot does not know.
    public var digestSize: Int? {
        switch self {
        case .sha1: return 20
        case .sha256, .sm3_256: return 32
        case .sha384: return 48
        case .sha512: return 64
        default: return nil
        }
    }

    /// Whether swiftboot can compute this digest (SHA-1, SHA-256, SHA-384, SHA-512).
    public var isSupported: Bool { self == .sha1 || self == .sha256 || self == .sha384 || self == .sha512 }

    /// Name as in sysfs (`pcr-sha256`) and tpm2-tools.
    public var description: String {
        switch self {
        case .sha1: return "sha1"
        case .sha256: return "sha256"
        case .sha384: return "sha384"
        case .sha512: return "sha512"
        case .sm3_256: return "sm3_256"
        default: return "alg-0x" + String(rawValue, radix: 16)
        }
    }

    /// A streaming hasher for a supported algorithm (nil otherwise).
    public func hasher() -> Hasher? {
        switch self {
        case .sha1: return Hasher(kind: .sha1(SHA1()))
        case .sha256: return Hasher(kind: .sha256(SHA256()))
        case .sha384: return Hasher(kind: .sha512(SHA512.sha384()))
        case .sha512: return Hasher(kind: .sha512(SHA512()))
        default: return nil
        }
    }

    /// The digest of `bytes` (nil for an unsupported algorithm).
    public func digest(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        guard var h = hasher() else { return nil }
        h.update(bytes)
        return h.finalize()
    }

    /// One hash computation in progress.
    public struct Hasher: Sendable {
        enum Kind: Sendable {
            case sha1(SHA1)
            case sha256(SHA256)
            case sha512(SHA512)
        }
        var kind: Kind

        public mutating func update(_ bytes: some Collection<UInt8>) {
            switch kind {
            case .sha1(var h): h.update(bytes); kind = .sha1(h)
            case .sha256(var h): h.update(bytes); kind = .sha256(h)
            case .sha512(var h): h.update(bytes); kind = .sha512(h)
            }
        }

        public func finalize() -> [UInt8] {
            switch kind {
            case .sha1(let h): return h.finalize()
            case .sha256(let h): return h.finalize()
            case .sha512(let h): return h.finalize()
            }
        }
    }
}
