import BootConfig
@testable import BootMenu
import Testing

/// Plain passwords as themselves, "pbkdf2" hashes as the password's bytes (the real
/// PBKDF2 is tested in CredentialsTests).
struct FakeChecker: PasswordChecking {
    func matches(_ password: String, _ credential: Credential) -> Bool {
        switch credential {
        case .plain(let p): return p == password
        case .pbkdf2(let h): return h.hash == Array(password.utf8)
        }
    }
}

@Suite struct AccessTests {
    static let domain = AccessDomain(owner: "/dev/vda1:/boot/grub/grub.cfg", superusers: ["root"],
                                     credentials: ["root": .plain("rootpw"), "alice": .plain("alicepw"), "bob": .plain("bobpw")])

    /// Debian-style: `Locked` needs a superuser, `Alice` --users alice, `Open` --unrestricted.
    static func model(policy: BootPolicy = .open, shell: Bool = true) -> MenuModel {
        var locked = Fixture.entry("Locked", isDefault: true)
        locked.access = [AccessCheck(domain: domain)]
        locked.editAccess = [AccessCheck(domain: domain)]
        var alice = Fixture.entry("Alice")
        alice.access = [AccessCheck(domain: domain, users: ["alice"])]
        alice.editAccess = [AccessCheck(domain: domain)]
        var open = Fixture.entry("Open")
        open.editAccess = [AccessCheck(domain: domain)]
        let menu = ConfigMenu(entries: [locked, alice, open], defaultIndex: 0, timeout: 5)
        var m = Fixture.model(menu, options: MenuOptions(shellAvailable: shell, policy: policy))
        m.passwordChecker = FakeChecker()
        return m
    }

    @Test func restrictedEntryAsksAndBootsWithTheRightPassword() {
        var m = Self.model()
        #expect(m.press(.enter).isEmpty)
        guard case .login(let form) = m.screen else { Issue.record("no login screen"); return }
        #expect(form.action.summary == "boot 'Locked'")
        m.type("root")
        m.press(.enter)
        m.type("rootpw")
        let effects = m.press(.enter)
        #expect(effects.contains { $0.plan?.entry.title == "Locked" })
        #expect(effects.contains(.log("user 'root' authenticated (/dev/vda1:/boot/grub/grub.cfg) to boot 'Locked'")))
    }

    @Test func wrongPasswordIsRefusedLoggedAndWaitsLongerEachTime() {
        var m = Self.model()
        m.press(.enter)
        m.type("root"); m.press(.enter); m.type("nope")
        let effects = m.press(.enter)
        #expect(effects.allSatisfy { $0.plan == nil })
        #expect(effects.contains(.log("access denied: wrong user name or password for user 'root' to boot 'Locked' (/dev/vda1:/boot/grub/grub.cfg); next try in 1 s")))
        #expect(m.status == "Access denied.")
        #expect(m.loginWaitSeconds == 1)
        // Keys are ignored while waiting.
        m.type("root")
        if case .login(let form) = m.screen { #expect(form.user == "") }
        _ = m.handle(.tick(1000))
        #expect(m.loginWaitSeconds == 0)
        m.type("root"); m.press(.enter); m.type("bad2")
        let second = m.press(.enter)
        #expect(second.contains { if case .log(let l) = $0 { return l.hasSuffix("next try in 2 s") } else { return false } })
        #expect(m.loginWaitSeconds == 2)
    }

    @Test func thePasswordIsNeverDrawnOrLogged() {
        var m = Self.model()
        m.press(.enter)
        m.type("root"); m.press(.enter); m.type("s3cr3t")
        let screen = MenuView.render(m, rows: 24, columns: 80, unicode: true).text
        #expect(!screen.contains("s3cr3t"))
        #expect(!screen.contains("******"))
        let effects = m.press(.enter)
        for case .log(let line) in effects { #expect(!line.contains("s3cr3t")) }
    }

    @Test func usersOptionAdmitsTheUserButNotOthers() {
        var m = Self.model()
        m.press(.down)
        m.press(.enter)
        m.type("bob"); m.press(.enter); m.type("bobpw")
        let denied = m.press(.enter)
        #expect(denied.allSatisfy { $0.plan == nil })
        #expect(denied.contains(.log("access denied: user 'bob' may not boot 'Alice' (/dev/vda1:/boot/grub/grub.cfg); next try in 1 s")))
        _ = m.handle(.tick(5000))
        m.type("alice"); m.press(.enter); m.type("alicepw")
        #expect(m.press(.enter).contains { $0.plan?.entry.title == "Alice" })
    }

    @Test func unrestrictedEntryBootsWithoutAsking() {
        var m = Self.model()
        m.press(.down, .down)
        #expect(m.press(.enter).first?.plan?.entry.title == "Open")
    }

    @Test func editNeedsASuperuserEvenOnAnUnrestrictedEntry() {
        var m = Self.model()
        m.press(.down, .down, .character("e"))
        guard case .login = m.screen else { Issue.record("edit did not ask"); return }
        m.press(.escape)
        #expect(m.screen == .menu)
        #expect(m.status == "Cancelled: edit 'Open' needs a password.")
        m.press(.character("e"))
        m.type("alice"); m.press(.enter); m.type("alicepw"); m.press(.enter)
        #expect(m.editForm == nil)
        _ = m.handle(.tick(5000))
        m.type("root"); m.press(.enter); m.type("rootpw"); m.press(.enter)
        #expect(m.editForm != nil)
    }

    @Test func aSuperuserIsRememberedLikeGrubDoes() {
        var m = Self.model()
        m.press(.character("e"))
        m.type("root"); m.press(.enter); m.type("rootpw"); m.press(.enter)
        #expect(m.editForm != nil)
        m.press(.escape)
        #expect(m.press(.enter).first?.plan?.entry.title == "Locked")
    }

    @Test func shellAndRescanNeedASuperuser() {
        var m = Self.model()
        #expect(m.press(.character("s")).isEmpty)
        guard case .login(let form) = m.screen else { Issue.record("shell did not ask"); return }
        #expect(form.checks.map(\.domain.owner) == [Self.domain.owner])
        m.press(.escape)
        #expect(m.press(.character("r")).isEmpty)
        m.type("root"); m.press(.enter); m.type("rootpw")
        #expect(m.press(.enter).contains(.rescan))
        #expect(m.press(.character("s")) == [.shell])
    }

    @Test func timeoutBootOfARestrictedDefaultAsks() {
        var m = Self.model()
        #expect(m.handle(.tick(5000)).isEmpty)
        guard case .login = m.screen else { Issue.record("timeout boot did not ask"); return }
        #expect(m.visible)
    }

    @Test func noSuperusersNoQuestions() {
        var m = Fixture.model()
        #expect(m.press(.enter).first?.plan != nil)
        m = Fixture.model()
        m.press(.character("e"))
        #expect(m.editForm != nil)
    }

    // MARK: swiftboot's policy

    static let policyHash = PBKDF2Hash(iterations: 1, salt: [1], hash: Array("fleetpw".utf8))

    @Test func policyPasswordGuardsEditAndShell() {
        var m = Fixture.model(options: MenuOptions(shellAvailable: true,
                                                   policy: BootPolicy(origin: "/etc/swiftboot/policy", user: "admin", password: Self.policyHash)))
        m.passwordChecker = FakeChecker()
        m.press(.character("e"))
        guard case .login(let form) = m.screen else { Issue.record("edit did not ask"); return }
        #expect(form.checks.map(\.domain.owner) == ["/etc/swiftboot/policy"])
        m.type("admin"); m.press(.enter); m.type("fleetpw"); m.press(.enter)
        #expect(m.editForm != nil)
        m.press(.escape)
        #expect(m.press(.character("s")) == [.shell])
        // Booting is not guarded by the policy password.
        #expect(m.press(.enter).first?.plan != nil)
    }

    @Test func editOffRefusesEvenTheAdministrator() {
        var m = Fixture.model(options: MenuOptions(shellAvailable: true, policy: BootPolicy(origin: "p", editAllowed: false, shellAllowed: false)))
        #expect(m.press(.character("e")) == [.log("refused: Editing entries is disabled by the boot policy.")])
        #expect(m.screen == .menu)
        #expect(m.status == "Editing entries is disabled by the boot policy.")
        #expect(m.press(.character("s")) == [.log("refused: The shell is disabled by the boot policy.")])
    }
}

@Suite struct LoginScreenTests {
    @Test(arguments: [(24, 80), (6, 20), (8, 40)])
    func theFieldsShowOnEverySize(rows: Int, columns: Int) {
        var m = AccessTests.model()
        m.press(.enter)
        m.type("root")
        let image = MenuView.render(m, rows: rows, columns: columns, unicode: false)
        #expect(image.lines.count == max(rows, 6))
        #expect(image.text.contains("User name: root"))
        let cursor = image.cursor
        #expect(cursor?.row == image.lines.firstIndex { $0.text.hasPrefix(" User name:") })
        #expect(cursor?.column == 12 + 4)
        m.press(.enter)
        let second = MenuView.render(m, rows: rows, columns: columns, unicode: false)
        #expect(second.cursor?.row == second.lines.firstIndex { $0.text.hasPrefix(" Password:") })
    }
}
