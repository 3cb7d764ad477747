import CMbedTLS

/// PBKDF2-HMAC-SHA512 (RFC 8018), as GRUB's `password_pbkdf2` and `grub-mkpasswd-pbkdf2`
/// compute it, through mbedTLS.
public enum PBKDF2 {
    /// `length` bytes derived from `password` and `salt`; nil if mbedTLS fails.
    public static func sha512(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8]? {
        guard iterations > 0, iterations <= Int(UInt32.max), length > 0, length <= 1 << 16 else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        let r = password.withUnsafeBufferPointer { p in
            salt.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    sbcrypto_pbkdf2_sha512(p.baseAddress, p.count, s.baseAddress, s.count, UInt32(iterations),
                                           o.baseAddress, UInt32(length))
                }
            }
        }
        return r == 0 ? out : nil
    }
}
