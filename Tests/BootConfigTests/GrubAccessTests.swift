import BootConfig
import Testing

/// GRUB's authentication rules as the entries carry them (GRUB manual, "Authentication
/// and authorisation"; grub-core/normal/auth.c).
@Suite("GRUB access control")
struct GrubAccessTests {
    static let hash = "grub.pbkdf2.sha512.10000.AABB.CCDD"
    static let config = """
        set superusers="root"
        password_pbkdf2 root \(hash)
        password alice wonderland
        menuentry 'Locked' --id locked { linux /locked }
        menuentry 'Open' --unrestricted { linux /open }
        menuentry 'Alice' --users alice,bob { linux /alice }
        submenu 'More' --unrestricted {
          menuentry 'Inner' { linux /inner }
        }
        """

    private func entry(_ menu: ConfigMenu, _ title: String) -> BootEntry? {
        menu.entries.first { $0.title == title }
    }

    @Test func usersAndSuperusersTravelWithTheEntries() throws {
        let menu = GrubScan.menu(config: Self.config)
        let locked = try #require(entry(menu, "Locked"))
        let domain = try #require(locked.access.first?.domain)
        #expect(domain.owner == "disk:/boot/grub/grub.cfg")
        #expect(domain.superusers == ["root"])
        #expect(domain.credentials["root"] == .pbkdf2(PBKDF2Hash(grub: Self.hash)!))
        #expect(domain.credentials["alice"] == .plain("wonderland"))
        #expect(locked.access == [AccessCheck(domain: domain)])
        #expect(locked.editAccess == [AccessCheck(domain: domain)])
    }

    @Test func unrestrictedEntriesNeedNobodyButEditingStillNeedsASuperuser() throws {
        let menu = GrubScan.menu(config: Self.config)
        let open = try #require(entry(menu, "Open"))
        #expect(open.access.isEmpty)
        #expect(open.editAccess.map(\.domain.superusers) == [["root"]])
    }

    @Test func usersOptionAdmitsThoseUsersAndSuperusers() throws {
        let menu = GrubScan.menu(config: Self.config)
        let check = try #require(entry(menu, "Alice")?.access.first)
        #expect(check.users == ["alice", "bob"])
        #expect(check.admits("alice") && check.admits("bob") && check.admits("root"))
        #expect(!check.admits("carol"))
        let locked = try #require(entry(menu, "Locked")?.access.first)
        #expect(locked.admits("root") && !locked.admits("alice"))
    }

    /// `set superusers` without `export`: a submenu's context does not have it, so its
    /// entries are unrestricted (why Debian's docs say `export superusers`).
    @Test func unexportedSuperusersStayOutOfSubmenus() throws {
        let menu = GrubScan.menu(config: Self.config)
        let inner = try #require(entry(menu, "Inner"))
        #expect(inner.access.isEmpty)
        #expect(inner.editAccess.isEmpty)
        let exported = GrubScan.menu(config: Self.config.replacing("set superusers=\"root\"", with: "set superusers=\"root\"\nexport superusers"))
        let restricted = try #require(entry(exported, "Inner"))
        #expect(restricted.access.map(\.domain.superusers) == [["root"]])
    }

    @Test func aRestrictedSubmenuGuardsItsEntries() throws {
        let menu = GrubScan.menu(config: """
            set superusers="root"
            export superusers
            password root pw
            submenu 'Admin' --users ops {
              menuentry 'Inner' --unrestricted { linux /inner }
            }
            """)
        let inner = try #require(entry(menu, "Inner"))
        #expect(inner.access.map(\.users) == [["ops"]])
    }

    @Test func withoutSuperusersNothingIsRestricted() {
        let menu = GrubScan.menu(config: """
            password root pw
            menuentry 'Any' --users alice { linux /any }
            """)
        #expect(menu.entries.map(\.access) == [[]])
        #expect(menu.entries.map(\.editAccess) == [[]])
    }

    @Test func badHashIsAConfigError() {
        let menu = GrubScan.menu(config: """
            set superusers=root
            password_pbkdf2 root grub.pbkdf2.sha512.x.AA.BB
            menuentry 'A' { linux /a }
            """)
        #expect(menu.errors.map(\.message) == ["password_pbkdf2: invalid PBKDF2 password for user 'root'"])
        #expect(menu.entries.first?.access.first?.domain.credentials.isEmpty == true)
    }
}

