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

/// SUSE's `env_block`: on btrfs the one-shot and saved defaults live in sectors of the
/// reserved area (`env_block=512+1` in grubenv), read and written as a GRUB block list.
@Suite("GRUB env_block")
struct GrubEnvBlockListTests {
    static let advanced = "Advanced options for openSUSE Tumbleweed"
    static let recovery = "openSUSE Tumbleweed, with Linux 6.9.1-1-default (recovery mode)"

    /// A 512-byte environment block (one sector).
    static func sector(_ variables: [(String, String)]) -> [UInt8] {
        var text = "# GRUB Environment Block\n"
        for (k, v) in variables { text += "\(k)=\(v)\n" }
        return Array(text.utf8) + [UInt8](repeating: 0x23, count: 512 - text.utf8.count)
    }

    /// The openSUSE fixture with grubenv naming env_block, and the device's sectors.
    static func menu(block: [UInt8]?, envBlock: String = "512+1") throws -> ConfigMenu {
        let dir = SysblsFixtures.fixtures("grub").appendingPathComponent("opensuse-tumbleweed-btrfs")
        let c = try SysblsFixtures.loadCase(dir, file: "expected.json")
        var tree = SysblsFixtures.loadTree(dir.appendingPathComponent("root"))
        // The snapshot holds its copy of grubenv too, as a btrfs snapshot of / does.
        let grubenv = Array(GrubScan.grubenv([("env_block", envBlock)]).utf8)
        tree.add("/boot/grub2/grubenv", bytes: grubenv)
        tree.add("/.snapshots/412/snapshot/boot/grub2/grubenv", bytes: grubenv)
        var volume = try #require(c.context.volumes.first)
        volume.tree = tree
        volume.fsType = "btrfs"
        if let block {
            var device = [UInt8](repeating: 0, count: 600 * 512)
            device.replaceSubrange(512 * 512..<513 * 512, with: block)
            volume.blocks = MemoryBlocks(device)
        }
        var context = c.context
        context.volumes = [volume] + c.context.volumes.dropFirst()
        return Scanner.scan(context)
    }

    @Test func nextEntryInTheBlockIsTheDefaultAndIsClearedThere() throws {
        let menu = try Self.menu(block: Self.sector([("next_entry", "\(Self.advanced)>\(Self.recovery)")]))
        let d = try #require(menu.defaultIndex)
        #expect(menu.entries[d].title == Self.recovery)
        #expect(menu.errors.map(\.description) == [])
        // Cleared through the block list, not grubenv (which GRUB cannot write on btrfs).
        let clear = BootWrite.grubenv(volume: "root", path: "512+1", variables: [("next_entry", "")])
        #expect(menu.entries.allSatisfy { $0.writes.first == clear })
    }

    @Test func savedEntryInTheBlock() throws {
        let menu = try Self.menu(block: Self.sector([("saved_entry", "\(Self.advanced)>\(Self.recovery)")]))
        #expect(menu.defaultIndex.map { menu.entries[$0].title } == Self.recovery)
        #expect(menu.entries.allSatisfy { $0.writes.isEmpty })
    }

    @Test func unreadableSectorsAreReportedAndTheMenuStays() throws {
        let menu = try Self.menu(block: nil)
        #expect(menu.defaultIndex == 0)
        #expect(menu.entries.count > 3)
        #expect(menu.errors.contains { $0.message.hasSuffix("512+1: the sectors of root cannot be read here (not a block device)") })
    }

    @Test func blockListsParse() {
        #expect(GrubBlockList.parse("(hd0,gpt2)512+1") == GrubBlockList(device: "hd0,gpt2", runs: [.init(start: 512, count: 1)]))
        #expect(GrubBlockList.parse("0+2,10+1")?.sectors == "0+2,10+1")
        #expect(GrubBlockList.parse("+4")?.runs == [.init(start: 0, count: 4)])
        #expect(GrubBlockList.parse("0+2,10+1")?.byteCount == 1536)
        for bad in ["/boot/grub/grubenv", "512", "512+", "a+1", "512+0", "(hd0)", ""] {
            #expect(GrubBlockList.parse(bad) == nil, "\(bad)")
        }
    }
}
