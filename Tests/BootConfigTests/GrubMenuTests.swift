import BootConfig
import Testing

/// Menus: entries, submenus, contexts, default, timeout, loaders.
@Suite("GRUB menus")
struct GrubMenuTests {
    static let threeLevels = """
        menuentry 'Top' --id top { linux /top }
        submenu 'Advanced' --id adv {
          menuentry 'K1' --id k1 { linux /k1 }
          submenu 'Deeper' --id deep {
            menuentry 'K2' --id k2 { linux /k2 }
            menuentry 'K3 > odd' --id 'k>3' { linux /k3 }
          }
        }
        menuentry 'Last' { linux /last }
        """

    private func defaultTitle(_ value: String) -> String? {
        let menu = GrubScan.menu(config: "set default=\"\(value)\"\n" + Self.threeLevels)
        return menu.defaultIndex.map { menu.entries[$0].title }
    }

    @Test func submenusFlattenInPlaceWithTheirPath() {
        let menu = GrubScan.menu(config: Self.threeLevels)
        #expect(menu.entries.map(\.title) == ["Top", "K1", "K2", "K3 > odd", "Last"])
        #expect(menu.entries.map(\.submenu) == [[], ["Advanced"], ["Advanced", "Deeper"], ["Advanced", "Deeper"], []])
        #expect(menu.entries.map(\.id) == ["top", "k1", "k2", "k>3", "Last"])
        #expect(menu.entries[2].line == 5)
    }

    @Test(arguments: [
        ("0", "Top"), ("2", "Last"), ("1", "K1"), ("1>1>0", "K2"), ("adv>deep>k2", "K2"),
        ("Advanced>Deeper>K2", "K2"), ("adv>deep>k>>3", "K3 > odd"), ("Last", "Last"),
        ("nonexistent", "Top"), ("7", "Top"), ("adv>9", "K1"), ("0x2", "Last"),
    ])
    func defaultResolvesPerLevel(_ value: String, _ expected: String) {
        #expect(defaultTitle(value) == expected)
    }

    @Test func noDefaultMeansFirstEntry() {
        let menu = GrubScan.menu(config: Self.threeLevels)
        #expect(menu.defaultIndex == 0)
    }

    @Test func submenuSeesOnlyExportedVariables() {
        let menu = GrubScan.menu(config: """
            set plain=p
            set shared=s
            export shared
            submenu 'S' { menuentry 'E' { linux /k x$plain y$shared } }
            menuentry 'Top' { linux /k x$plain y$shared }
            """)
        #expect(menu.entries.map(\.cmdline) == ["BOOT_IMAGE=/k x ys", "BOOT_IMAGE=/k xp ys"])
    }

    @Test func fedorasGrubCopiesAllVariablesIntoSubmenus() {
        let volume = GrubScan.volume("disk", ["/boot/grub2/grub.cfg": """
            set plain=p
            submenu 'S' { menuentry 'E' { linux /k x$plain } }
            """])
        #expect(GrubScan.menu([volume]).entries.map(\.cmdline) == ["BOOT_IMAGE=/k xp"])
    }

    @Test func entryBodyVariablesStayInThatEntry() {
        let menu = GrubScan.menu(config: """
            function gfxmode { if [ "$1" = keep ]; then set vt_handoff=vt.handoff=7; else set vt_handoff=; fi }
            set linux_gfx_mode=keep
            menuentry 'A' { gfxmode $linux_gfx_mode; linux /k ro $vt_handoff }
            menuentry 'B' { linux /k ro $vt_handoff }
            """)
        #expect(menu.entries.map(\.cmdline) == ["BOOT_IMAGE=/k ro vt.handoff=7", "BOOT_IMAGE=/k ro"])
    }

    @Test func menuentryOptions() {
        let menu = GrubScan.menu(config: """
            menuentry_id_option="--id"
            menuentry --class os 'Titled' --users --id=the-id --hotkey=t --unrestricted extra { linux /k $2 }
            menuentry 'Plain' $menuentry_id_option 'plain-id' { linux /k }
            """)
        #expect(menu.entries.map(\.title) == ["Titled", "Plain"])
        #expect(menu.entries.map(\.id) == ["the-id", "plain-id"])
        #expect(menu.entries[0].hotkey == "t")
        #expect(menu.entries[0].cmdline == "BOOT_IMAGE=/k extra")
    }

    @Test func entriesWithoutLinuxAreLeftOut() {
        let menu = GrubScan.menu(config: """
            menuentry 'Windows' { chainloader /EFI/Microsoft/Boot/bootmgfw.efi }
            menuentry 'Firmware' { fwsetup }
            menuentry 'Memtest' { linux16 /boot/memtest86+.bin }
            menuentry 'Xen' { multiboot /xen.gz; module /vmlinuz; module /initrd }
            menuentry 'Linux' { linux /vmlinuz; initrd /a.img /b.img; initrd /c.img }
            """)
        #expect(menu.entries.map(\.title) == ["Linux"])
        #expect(menu.entries[0].initrds == ["/c.img"])
    }

    @Test func defaultOnAnOmittedEntryGivesNoDefault() {
        let menu = GrubScan.menu(config: """
            set default=1
            menuentry 'Linux' { linux /vmlinuz }
            menuentry 'Memtest' { linux16 /memtest86+.bin }
            """)
        #expect(menu.defaultIndex == nil)
    }

    @Test(arguments: [("5", 5), ("0", 0), ("-1", nil), ("junk", nil), ("010", 8)] as [(String, Int?)])
    func timeoutAsGrubReadsIt(_ value: String, _ expected: Int?) {
        let menu = GrubScan.menu(config: "set timeout=\(value)\nmenuentry a { linux /k }")
        #expect(menu.timeout == expected)
    }

    @Test func unsetTimeoutWaitsForever() {
        #expect(GrubScan.menu(config: "menuentry a { linux /k }").timeout == nil)
    }

    @Test func hiddenTimeoutStyle() {
        let hidden = GrubScan.menu(config: "set timeout_style=hidden\nset timeout=0\nmenuentry a { linux /k }")
        #expect(hidden.hiddenMenu && hidden.timeout == 0)
        let menu = GrubScan.menu(config: "set timeout_style=menu\nset timeout=0\nmenuentry a { linux /k }")
        #expect(!menu.hiddenMenu)
        let forever = GrubScan.menu(config: "set timeout_style=hidden\nmenuentry a { linux /k }")
        #expect(!forever.hiddenMenu)
    }

    @Test func devicetreeIsRecordedOnArm() {
        let volume = GrubScan.volume("disk", ["/boot/grub/grub.cfg": "menuentry a { linux /k; devicetree /dtb-6.1 }"])
        #expect(GrubScan.menu([volume], architecture: "aa64").entries.first?.devicetree == "/dtb-6.1")
    }

    @Test func x86GrubHasNoDevicetreeCommand() {
        let menu = GrubScan.menu(config: "menuentry a { linux /k; devicetree /dtb-6.1 }")
        #expect(menu.entries.first?.devicetree == nil)
        #expect(menu.errors.isEmpty)
    }
}
