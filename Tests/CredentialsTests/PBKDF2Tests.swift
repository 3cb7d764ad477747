import BootConfig
import Credentials
import Testing

@Suite struct PBKDF2Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// PBKDF2-HMAC-SHA512 vectors in the layout of RFC 6070's (which gives SHA-1 only),
    /// as published for SHA-512 and reproduced by Python's hashlib.pbkdf2_hmac.
    @Test(arguments: [
        ("password", "salt", 1, "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce"),
        ("password", "salt", 2, "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e"),
        ("password", "salt", 4096, "d197b1b33db0143e018b12f3d1d1479e6cdebdcc97c5c0f87f6902e072f457b5143f30602641b3d55cd335988cb36b84376060ecd532e039b742a239434af2d5"),
        ("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, "8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8"),
    ])
    func vector(password: String, salt: String, iterations: Int, expected: String) {
        let key = PBKDF2.sha512(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, length: 64)
        #expect(key.map(Self.hex) == expected)
    }

    /// A hash `grub-mkpasswd-pbkdf2 -c 1000` (grub-common 2.06, Debian 12) printed for "swordfish".
    static let grubHash = "grub.pbkdf2.sha512.1000.873175ADA95860B059535C3039B6E903ED57EB52AE56B78C6D7E374213BD10A54A44D69B6EB173FD332731F8DFB3F0256CF7BCAFD57062998E8181F5C1A734D0.C158B70049D48C32180D8D7F11532EE2A7A8CB9369A8D5796E74D0A23BD33DFFAC0FFBB5C03AECF890E4E42ED7E80E4C1F22E696E881F3315BCEABA6C803FB88"

    @Test func grubHashAcceptsItsPassword() throws {
        let hash = try #require(PBKDF2Hash(grub: Self.grubHash))
        #expect(hash.iterations == 1000)
        #expect(hash.hash.count == 64)
        #expect(PasswordChecker().matches("swordfish", .pbkdf2(hash)))
        #expect(hash.grubText == Self.grubHash)
    }

    @Test(arguments: ["", "swordfis", "swordfish ", "Swordfish"])
    func grubHashRefusesOthers(password: String) throws {
        let hash = try #require(PBKDF2Hash(grub: Self.grubHash))
        #expect(!PasswordChecker().matches(password, .pbkdf2(hash)))
    }

    @Test func plainPasswords() {
        #expect(PasswordChecker().matches("secret", .plain("secret")))
        #expect(!PasswordChecker().matches("secre", .plain("secret")))
        #expect(!PasswordChecker().matches("secret!", .plain("secret")))
    }

    @Test func sha256OfPieces() {
        var d = SHA256Digest()
        Array("ab".utf8).withUnsafeBytes { d.update($0) }
        Array("c".utf8).withUnsafeBytes { d.update($0) }
        #expect(d.finish() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
