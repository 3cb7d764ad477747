/// A GRUB `password_pbkdf2` hash: `grub.pbkdf2.sha512.ITERATIONS.SALT.HASH` with the
/// salt and hash in hexadecimal (what `grub-mkpasswd-pbkdf2` prints). The hash is
/// PBKDF2-HMAC-SHA512 of the password with that salt and iteration count, as long as `hash`.
public struct PBKDF2Hash: Sendable, Equatable {
    public var iterations: Int
    public var salt: [UInt8]
    public var hash: [UInt8]

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Parses `grub.pbkdf2.sha512.ITER.SALT.HASH`; nil when it is not one (GRUB refuses
    /// such a line with "invalid PBKDF2 password").
    public init?(grub text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "grub", parts[1] == "pbkdf2", parts[2] == "sha512",
              let iterations = Int(parts[3]), iterations > 0,
              let salt = Self.hex(parts[4]), let hash = Self.hex(parts[5]), !salt.isEmpty, !hash.isEmpty
        else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    /// The GRUB form of the hash (upper-case hex, as `grub-mkpasswd-pbkdf2` writes it).
    public var grubText: String {
        "grub.pbkdf2.sha512.\(iterations).\(Self.hexText(salt)).\(Self.hexText(hash))"
    }

    static func hex(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    static func hexText(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// How a user's password is checked.
public enum Credential: Sendable, Equatable {
    /// GRUB `password USER PLAIN`: compared as it is.
    case plain(String)
    /// GRUB `password_pbkdf2`, or swiftboot's policy file.
    case pbkdf2(PBKDF2Hash)
}

/// Checks a typed password against a credential. The PBKDF2 computation needs a crypto
/// library, so the menu receives a checker from its host (tests use a fake one).
public protocol PasswordChecking: Sendable {
    /// Whether `password` is the one `credential` describes (compared in constant time).
    func matches(_ password: String, _ credential: Credential) -> Bool
}
