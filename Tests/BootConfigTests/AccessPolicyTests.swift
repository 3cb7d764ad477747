@testable import BootConfig
import Testing

@Suite struct GrubHashParseTests {
    @Test func parsesGrubForm() throws {
        let h = try #require(PBKDF2Hash(grub: "grub.pbkdf2.sha512.10000.0A1b.FF00"))
        #expect(h.iterations == 10000)
        #expect(h.salt == [0x0A, 0x1B])
        #expect(h.hash == [0xFF, 0x00])
        #expect(h.grubText == "grub.pbkdf2.sha512.10000.0A1B.FF00")
    }

    @Test(arguments: ["grub.pbkdf2.sha256.10.AA.BB", "grub.pbkdf2.sha512.0.AA.BB", "grub.pbkdf2.sha512.10.A.BB",
                      "grub.pbkdf2.sha512.10.AA.GG", "grub.pbkdf2.sha512.10.AA", "grub.pbkdf2.sha512.10..BB", "secret"])
    func refusesOthers(text: String) {
        #expect(PBKDF2Hash(grub: text) == nil)
    }

    @Test func userWordsSplitLikeGrub() {
        #expect(AccessDomain.userWords("root, alice;bob|carol&dave  eve") == ["root", "alice", "bob", "carol", "dave", "eve"])
        #expect(AccessDomain.userWords("") == [])
    }
}

@Suite struct BootPolicyParseTests {
    static let hash = "grub.pbkdf2.sha512.1000.AABB.CCDD"

    @Test func parsesEveryKey() throws {
        let text = """
        # fleet policy
        user = admin
        password = \(Self.hash)
        edit = off
        shell=on
        allow-kernel = /boot/vmlinuz-*
        allow-sha256 = \(String(repeating: "Ab", count: 32))

        """
        let p = try BootPolicy.parse(text, origin: "/etc/swiftboot/policy")
        #expect(p.user == "admin")
        #expect(p.password == PBKDF2Hash(grub: Self.hash))
        #expect(!p.editAllowed)
        #expect(p.shellAllowed)
        #expect(p.allowLists == [AllowList(origin: "/etc/swiftboot/policy", kernelGlobs: ["/boot/vmlinuz-*"],
                                           sha256: [String(repeating: "ab", count: 32)])])
        #expect(p.domain?.superusers == ["admin"])
    }

    @Test func emptyFileIsOpen() throws {
        let p = try BootPolicy.parse("# nothing\n\n", origin: "f")
        #expect(p.password == nil && p.editAllowed && p.shellAllowed && p.allowLists.isEmpty && p.domain == nil)
    }

    @Test(arguments: [("edit = maybe", 1), ("x\npassword = secret", 1), ("\npassword = secret", 2),
                      ("colour = red", 1), ("allow-sha256 = 12", 1), ("allow-kernel = vmlinuz", 1), ("user = a b", 1)])
    func badLinesAreErrors(text: String, line: Int) {
        #expect(throws: PolicyError.self) { try BootPolicy.parse(text, origin: "f") }
        do { _ = try BootPolicy.parse(text, origin: "f") } catch { #expect(error.line == line) }
    }

    @Test func allowListByGlobOrByEveryDigest() {
        let list = AllowList(origin: "p", kernelGlobs: ["/boot/vmlinuz-6.*"], sha256: ["k", "i"])
        let digests = ["/boot/other": "k", "/boot/initrd": "i", "/boot/bad-initrd": "x"]
        #expect(list.admits(kernel: "/boot/vmlinuz-6.1", initrds: [], digest: { digests[$0] }))
        #expect(list.admits(kernel: "/boot/other", initrds: ["/boot/initrd"], digest: { digests[$0] }))
        #expect(!list.admits(kernel: "/boot/other", initrds: ["/boot/bad-initrd"], digest: { digests[$0] }))
        #expect(!list.admits(kernel: "/boot/vmlinuz-5.10", initrds: [], digest: { _ in nil }))
    }

    @Test func parametersOnlyTighten() throws {
        let loose = try BootPolicy.parse("edit = on\nshell = on\nallow-kernel = /boot/*", origin: "f")
        let tight = loose.tightened(by: KernelOptions.parse("swiftboot.policy.edit=off swiftboot.policy.shell=off swiftboot.policy.allow-kernel=/boot/vmlinuz-6.*").policy)
        #expect(!tight.editAllowed && !tight.shellAllowed)
        // Both lists must admit: the parameter narrows, never widens.
        #expect(tight.refusal(kernel: "/boot/vmlinuz-6.1", initrds: [], digest: { _ in nil }) == nil)
        #expect(tight.refusal(kernel: "/boot/vmlinuz-5.10", initrds: [], digest: { _ in nil }) != nil)
        #expect(tight.refusal(kernel: "/other/vmlinuz-6.1", initrds: [], digest: { _ in nil }) != nil)
        // `on` cannot loosen a policy that says `off`: it is an unknown option.
        let locked = try BootPolicy.parse("edit = off\nshell = off", origin: "f")
        let opts = KernelOptions.parse("swiftboot.policy.edit=on swiftboot.policy.shell=1")
        let after = locked.tightened(by: opts.policy)
        #expect(!after.editAllowed && !after.shellAllowed)
        #expect(opts.unknown == ["swiftboot.policy.edit=on", "swiftboot.policy.shell=1"])
    }
}
