import BootConfig

/// Checks passwords for the menu: plain ones as GRUB's `password` does, PBKDF2 hashes
/// by deriving the key again; both compared in constant time.
public struct PasswordChecker: PasswordChecking {
    public init() {}

    public func matches(_ password: String, _ credential: Credential) -> Bool {
        switch credential {
        case .plain(let expected):
            return Self.equal(Array(password.utf8), Array(expected.utf8))
        case .pbkdf2(let hash):
            guard let derived = PBKDF2.sha512(password: Array(password.utf8), salt: hash.salt,
                                              iterations: hash.iterations, length: hash.hash.count) else { return false }
            return Self.equal(derived, hash.hash)
        }
    }

    /// Byte equality whose time depends only on the lengths.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<min(a.count, b.count) { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
