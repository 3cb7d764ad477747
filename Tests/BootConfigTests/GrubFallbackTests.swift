import BootConfig
import Testing

/// GRUB `fallback`: the entries tried in turn when the automatically booted default fails.
@Suite("GRUB fallback")
struct GrubFallbackTests {
    static let config = """
        set default=0
        menuentry 'Broken' --id broken { linux /missing }
        submenu 'Advanced' --id adv {
          menuentry 'Inner' --id inner { linux /inner }
        }
        menuentry 'Good' --id good { linux /good }
        menuentry 'Rescue kernel' --id rescue { linux /rescue }
        menuentry 'UEFI settings' { fwsetup }
        """

    private func fallbackTitles(_ value: String) -> [String] {
        let menu = GrubScan.menu(config: "set fallback=\"\(value)\"\n" + Self.config)
        return menu.fallbackIndices.map { menu.entries[$0].title }
    }

    @Test(arguments: [
        ("2", ["Good"]),
        ("2 3", ["Good", "Rescue kernel"]),
        ("3 2", ["Rescue kernel", "Good"]),
        ("good", ["Good"]),
        ("rescue good", ["Rescue kernel", "Good"]),
        ("Rescue kernel 2", ["Rescue kernel", "Good"]),
        ("0x2", ["Good"]),
        // A submenu (item 1) opens a menu instead of booting; a non-Linux item boots nothing.
        ("1 2", ["Good"]),
        ("4 3", ["Rescue kernel"]),
        // GRUB stops at the first word that names no item.
        ("9 2", []),
        ("nonexistent 2", []),
        ("2 nonexistent 3", ["Good"]),
        ("", []),
    ])
    func fallbackNamesItemsOfTheTopLevel(_ value: String, _ expected: [String]) {
        #expect(fallbackTitles(value) == expected)
    }

    @Test func noFallbackVariableMeansNone() {
        #expect(GrubScan.menu(config: Self.config).fallbackIndices == [])
    }

    @Test func fallbackSetInsideAnEntryBodyDoesNotCount() {
        let menu = GrubScan.menu(config: "menuentry A { set fallback=1; linux /a }\nmenuentry B { linux /b }")
        #expect(menu.fallbackIndices == [])
    }

    @Test func scannerKeepsTheFallbacksOfTheMenuThatGaveTheDefault() {
        let first = GrubScan.volume("first", ["/boot/grub/grub.cfg": "menuentry Only { linux /only }"])
        let second = GrubScan.volume("second", ["/boot/grub/grub.cfg": "set fallback=2\n" + Self.config],
                                     uuid: "3333-4444", grubDevice: "hd1,gpt1")
        // The first volume's menu supplies the default; it has no fallback.
        var menu = Scanner.scan(ScanContext(volumes: [first, second], grubPlatform: "efi"))
        #expect(menu.fallbackIndices == [])
        // With the first menu empty, the second gives default and fallbacks, offset.
        let empty = GrubScan.volume("first", ["/boot/grub/grub.cfg": "set timeout=1"])
        menu = Scanner.scan(ScanContext(volumes: [empty, second], grubPlatform: "efi"))
        #expect(menu.fallbackIndices.map { menu.entries[$0].title } == ["Good"])
        #expect(menu.entries[menu.defaultIndex!].title == "Broken")
    }
}
