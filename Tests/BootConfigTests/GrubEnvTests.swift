import BootConfig
import Testing

/// grubenv: the block format, and the writes GRUB would make (recorded, applied at boot).
@Suite("GRUB environment block and saved defaults")
struct GrubEnvTests {
    @Test func parsesVariablesAndEscapes() throws {
        let text = "# GRUB Environment Block\n# WARNING: Do not edit\na=1\nb=x\\\\y\\\nz\na=2\n" + String(repeating: "#", count: 900)
        let block = try #require(GrubEnvBlock(bytes: Array(text.utf8)))
        #expect(block["a"] == "2")
        #expect(block["b"] == "x\\y\nz")
        #expect(block.variables.map(\.name) == ["a", "b"])
    }

    @Test func rejectsBlockWithoutSignature() {
        #expect(GrubEnvBlock(bytes: Array("saved_entry=1\n".utf8)) == nil)
        #expect(GrubEnvBlock.updated(Array("junk".utf8), setting: [("a", "1")]) == nil)
    }

    @Test func updateKeepsSizeAndOtherLines() throws {
        let original = Array(GrubScan.grubenv([("saved_entry", "old"), ("recordfail", "1")]).utf8)
        let updated = try #require(GrubEnvBlock.updated(original, setting: [("saved_entry", "new-id"), ("next_entry", ""), ("recordfail", nil)]))
        #expect(updated.count == 1024)
        let text = String(decoding: updated, as: UTF8.self)
        #expect(text.hasPrefix("# GRUB Environment Block\nsaved_entry=new-id\nnext_entry=\n#"))
        #expect(GrubEnvBlock(bytes: updated)?["recordfail"] == nil)
    }

    @Test func updateThatDoesNotFitIsRefused() {
        let original = Array(GrubScan.grubenv([]).utf8)
        #expect(GrubEnvBlock.updated(original, setting: [("big", String(repeating: "x", count: 1100))]) == nil)
    }

    @Test func valuesAreEscapedOnWrite() throws {
        let updated = try #require(GrubEnvBlock.updated(Array(GrubScan.grubenv([]).utf8), setting: [("k", "a\\b\nc")]))
        #expect(GrubEnvBlock(bytes: updated)?["k"] == "a\\b\nc")
    }

    static let header = """
        if [ -s $prefix/grubenv ]; then
          set have_grubenv=true
          load_env
        fi
        if [ "${next_entry}" ] ; then
           set default="${next_entry}"
           set next_entry=
           save_env next_entry
           set boot_once=true
        else
           set default="${saved_entry}"
        fi
        menuentry_id_option="--id"
        function savedefault {
          if [ -z "${boot_once}" ]; then
            saved_entry="${chosen}"
            save_env saved_entry
          fi
        }
        menuentry 'A' --id a { savedefault; linux /a }
        submenu 'Sub' --id sub {
          menuentry 'B' --id b { savedefault; linux /b }
        }
        """

    @Test func savedEntryIsTheDefaultAndSavedefaultRecordsTheChosenPath() {
        let menu = GrubScan.menu(config: Self.header, ["/boot/grub/grubenv": GrubScan.grubenv([("saved_entry", "sub>b")])])
        #expect(menu.defaultIndex == 1)
        #expect(menu.entries[0].writes == [.grubenv(volume: "disk", path: "/boot/grub/grubenv", variables: [("saved_entry", "a")])])
        #expect(menu.entries[1].writes == [.grubenv(volume: "disk", path: "/boot/grub/grubenv", variables: [("saved_entry", "sub>b")])])
    }

    @Test func nextEntryIsOneShot() {
        let menu = GrubScan.menu(config: Self.header, [
            "/boot/grub/grubenv": GrubScan.grubenv([("saved_entry", "a"), ("next_entry", "sub>b")]),
        ])
        #expect(menu.defaultIndex == 1)
        // The header clears next_entry; boot_once stops savedefault at the top level. In
        // the submenu's new context boot_once (never exported) is unset, so GRUB's
        // savedefault does save there: reproduced as GRUB does it. Written only at boot.
        let path = "/boot/grub/grubenv"
        #expect(menu.entries.map(\.writes) == [
            [.grubenv(volume: "disk", path: path, variables: [("next_entry", "")])],
            [.grubenv(volume: "disk", path: path, variables: [("next_entry", ""), ("saved_entry", "sub>b")])],
        ])
    }

    @Test func saveEnvOfAnUnsetVariableDeletesIt() throws {
        let config = """
            load_env
            unset recordfail
            save_env recordfail
            menuentry 'A' { linux /a }
            """
        let env = GrubScan.grubenv([("saved_entry", "a"), ("recordfail", "1")])
        let menu = GrubScan.menu(config: config, ["/boot/grub/grubenv": env])
        let path = "/boot/grub/grubenv"
        let write = BootWrite.grubenv(volume: "disk", path: path, variables: [("recordfail", nil)])
        #expect(menu.entries.map(\.writes) == [[write]])
        #expect(BootWrite.describe([("recordfail", nil), ("a", "b")]) == "unset recordfail a=b")
        // Applied to the block, the variable is gone and the size is kept.
        let updated = try #require(GrubEnvBlock.updated(Array(env.utf8), setting: [("recordfail", nil)]))
        #expect(updated.count == 1024)
        #expect(GrubEnvBlock(bytes: updated)?["recordfail"] == nil)
        #expect(GrubEnvBlock(bytes: updated)?["saved_entry"] == "a")
    }

    @Test func noGrubenvNoWrites() {
        let menu = GrubScan.menu(config: Self.header)
        #expect(menu.entries.allSatisfy { $0.writes.isEmpty })
        #expect(menu.defaultIndex == 0)
    }

    @Test func btrfsRefusesSaveEnvAsGrubDoes() {
        let volume = GrubScan.volume("disk", ["/boot/grub/grub.cfg": Self.header,
                                              "/boot/grub/grubenv": GrubScan.grubenv([("saved_entry", "a")])],
                                     fsType: "btrfs")
        let menu = GrubScan.menu([volume])
        #expect(menu.entries.allSatisfy { $0.writes.isEmpty })
    }
}
