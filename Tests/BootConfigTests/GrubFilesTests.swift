import BootConfig
import Testing

/// Files and devices: search, (dev)/path, source, configfile, load_env, config discovery.
@Suite("GRUB files and devices")
struct GrubFilesTests {
    private let boot = GrubScan.volume("boot", ["/vmlinuz": "", "/marker": ""], uuid: "B00T-0001",
                                       label: "bootfs", grubDevice: "hd0,gpt2")

    private func esp(_ config: String, _ more: [String: String] = [:]) -> Volume {
        var files = more
        files["/EFI/debian/grub.cfg"] = config
        return GrubScan.volume("esp", files, uuid: "AAAA-BBBB", grubDevice: "hd0,gpt1")
    }

    @Test(arguments: [
        "search --no-floppy --fs-uuid --set=root b00t-0001",
        "search --set=root --label bootfs",
        "search -l bootfs --set root",
        "search --file --set=root /marker",
        "search.fs_uuid B00T-0001 root hd0,gpt2",
        "search --fs-uuid --set b00t-0001",
        "set root='hd0,gpt2'",
        "set root=(hd0,gpt2)",
        "set root=hd0,msdos2",
    ])
    func searchAndRootSelectTheKernelFilesystem(_ command: String) {
        let volume = esp("\(command)\nmenuentry a { linux /vmlinuz }")
        let menu = GrubScan.menu([volume, boot])
        #expect(menu.entries.first?.fs == "boot")
    }

    @Test func searchIntoAnotherVariableAndDevicePaths() {
        let menu = GrubScan.menu([esp("""
            search --set=bootdev --fs-uuid B00T-0001
            menuentry a { linux ($bootdev)/vmlinuz; initrd (hd0,gpt2)/initrd }
            menuentry b { set root=$bootdev; linux ($root)/vmlinuz }
            """), boot])
        #expect(menu.entries.map(\.fs) == ["boot", "boot"])
        #expect(menu.entries[0].cmdline == "BOOT_IMAGE=(hd0,gpt2)/vmlinuz")
        #expect(menu.entries[0].initrds == ["/initrd"])
    }

    @Test func failedSearchKeepsRootAndIsReported() {
        let menu = GrubScan.menu([esp("search --fs-uuid --set=root nope\nmenuentry a { linux /vmlinuz }"), boot])
        #expect(menu.entries.first?.fs == "esp")
        #expect(menu.errors.first?.message == "search: no such device: nope")
        #expect(menu.errors.first?.line == 1)
    }

    @Test func espStubHandsOverToTheRealConfig() {
        let root = GrubScan.volume("root", [
            "/boot/grub/grub.cfg": "set timeout=7\nmenuentry 'Real' { linux /boot/vmlinuz root=UUID=R00T }",
            "/boot/vmlinuz": "",
        ], uuid: "R00T", grubDevice: "hd0,gpt2")
        let stub = esp("""
            search.fs_uuid R00T root hd0,gpt2
            set prefix=($root)'/boot/grub'
            configfile $prefix/grub.cfg
            menuentry 'never shown' { linux /x }
            """)
        let context = ScanContext(volumes: [stub, root])
        let menu = Scanner.scan(context)
        #expect(menu.entries.map(\.title) == ["Real"])
        #expect(menu.entries.first?.fs == "root")
        #expect(menu.entries.first?.config == "/boot/grub/grub.cfg")
        #expect(menu.entries.first?.configVolume == "root")
        #expect(menu.timeout == 7)
        // The root volume's own scan defers to the stub: the menu appears once.
        #expect(GrubSource.scan(volume: root, context: context) == nil)
    }

    @Test func sourceSharesTheContextConfigfileDoesNot() {
        let menu = GrubScan.menu(config: """
            source /boot/grub/vars.cfg
            configfile /boot/grub/other.cfg
            menuentry 'Main' { linux /k a=$a b=$b }
            """, [
            "/boot/grub/vars.cfg": "set a=fromsource\nmenuentry 'Sourced' { linux /s }",
            "/boot/grub/other.cfg": "set b=fromconfigfile",
        ])
        #expect(menu.entries.map(\.title) == ["Sourced", "Main"])
        #expect(menu.entries[1].cmdline == "BOOT_IMAGE=/k a=fromsource b=")
    }

    @Test func sourceLoopAndMissingFileAreReported() {
        let menu = GrubScan.menu(config: """
            source $prefix/loop.cfg
            source /boot/grub/missing.cfg
            menuentry 'Still here' { linux /k }
            """, ["/boot/grub/loop.cfg": "source $config_file\n"])
        #expect(menu.entries.map(\.title) == ["Still here"])
        #expect(menu.errors.map(\.message).contains { $0.contains("already being read") })
        #expect(menu.errors.contains {
            $0.line == 2 && $0.config == "/boot/grub/grub.cfg" && $0.message == "source: /boot/grub/missing.cfg: no such file"
        })
    }

    /// A tree whose reads of some files fail as on a disk with bad sectors.
    struct FailingTree: FileTree {
        var inner: MemoryTree
        var failing: Set<String>
        func read(_ path: String) throws(FileTreeError) -> [UInt8] {
            if failing.contains(path) { throw FileTreeError(path: path, reason: "Input/output error (EIO)") }
            return try inner.read(path)
        }
        func list(_ path: String) throws(FileTreeError) -> [String] { try inner.list(path) }
        func kind(_ path: String) -> FileKind? { inner.kind(path) }
    }

    @Test func unreadableConfigIsReportedWithItsVolumeFileAndCause() {
        let tree = FailingTree(inner: MemoryTree([
            "/boot/grub/grub.cfg": "source /boot/grub/extra.cfg\nmenuentry 'Still here' { linux /k }\n",
            "/boot/grub/extra.cfg": "menuentry 'Lost' { linux /lost }\n",
        ]), failing: ["/boot/grub/extra.cfg"])
        var menu = GrubScan.menu([Volume(name: "/dev/sdb1", tree: tree, uuid: "1111-2222", grubDevice: "hd0,gpt1")])
        #expect(menu.entries.map(\.title) == ["Still here"])
        #expect(menu.errors.map(\.description) == ["/dev/sdb1:/boot/grub/grub.cfg:1: source: /boot/grub/extra.cfg: Input/output error (EIO)"])

        // The config itself unreadable: reported on it, with no line.
        let dead = FailingTree(inner: tree.inner, failing: ["/boot/grub/grub.cfg"])
        menu = GrubScan.menu([Volume(name: "/dev/sdb1", tree: dead, uuid: "1111-2222", grubDevice: "hd0,gpt1")])
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.map(\.description) == ["/dev/sdb1:/boot/grub/grub.cfg: grub.cfg: /boot/grub/grub.cfg: Input/output error (EIO)"])
    }

    @Test func configfileInsideAnEntryBecomesANestedMenu() {
        let menu = GrubScan.menu(config: """
            menuentry 'Snapshot 7' '/snap' {
              extra_cmdline="rootflags=subvol=@/.snapshots/7/snapshot"
              export extra_cmdline
              configfile "$2/grub.cfg"
            }
            """, ["/snap/grub.cfg": "menuentry 'Inner' { linux /k $extra_cmdline }"])
        #expect(menu.entries.map(\.title) == ["Inner"])
        #expect(menu.entries[0].submenu == ["Snapshot 7"])
        #expect(menu.entries[0].cmdline == "BOOT_IMAGE=/k rootflags=subvol=@/.snapshots/7/snapshot")
        #expect(menu.entries[0].config == "/snap/grub.cfg")
    }

    @Test func loadEnvWithFileAndWhitelist() {
        let menu = GrubScan.menu(config: """
            load_env -f $prefix/other.env a
            load_env --file=$prefix/other.env b
            menuentry t { linux /k "$a" "$b" "$c" }
            """, ["/boot/grub/other.env": GrubScan.grubenv([("a", "1"), ("b", "2"), ("c", "3")])])
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k 1 2 ")
    }

    @Test func invalidGrubenvIsReported() {
        let menu = GrubScan.menu(config: "load_env\nmenuentry t { linux /k }", ["/boot/grub/grubenv": "junk"])
        #expect(menu.errors.first?.message.contains("invalid environment block") == true)
        #expect(menu.entries.count == 1)
    }

    @Test func configDiscoveryOrder() {
        let both = GrubScan.volume("v", ["/EFI/BOOT/grub.cfg": "", "/EFI/fedora/grub.cfg": "", "/boot/grub2/grub.cfg": ""])
        #expect(GrubSource.configPath(on: both) == "/boot/grub2/grub.cfg")
        let efi = GrubScan.volume("v", ["/EFI/ubuntu/grub.cfg": "", "/EFI/BOOT/grub.cfg": ""])
        #expect(GrubSource.configPath(on: efi) == "/EFI/BOOT/grub.cfg")
        let vendor = GrubScan.volume("v", ["/EFI/ubuntu/grub.cfg": ""])
        #expect(GrubSource.configPath(on: vendor) == "/EFI/ubuntu/grub.cfg")
        #expect(GrubSource.configPath(on: GrubScan.volume("v", ["/other": ""])) == nil)
    }

    @Test func prefixRootAndPlatformVariables() {
        let volume = GrubScan.volume("v", ["/grub2/grub.cfg": """
            set file="$config_file"
            menuentry t { linux /k "$prefix" "$root" "$file" $grub_platform $grub_cpu $feature_menuentry_id }
            """], grubDevice: "hd1,gpt3")
        let menu = GrubScan.menu([volume], platform: "pc")
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k (hd1,gpt3)/grub2 hd1,gpt3 (hd1,gpt3)/grub2/grub.cfg pc x86_64 y")
    }
}

@Suite("GRUB probe and negation")
struct GrubProbeTests {
    @Test func probeReadsWhatDiscoveryKnows() {
        let volume = GrubScan.volume("disk", ["/boot/grub/grub.cfg": """
            probe --set=u --fs-uuid $root
            probe -s f -f ($root)
            probe --set l --label hd0,gpt1
            if ! probe --set=x --fs-uuid hd9,gpt9; then set missing=yes; fi
            menuentry t { linux /k u=$u f=$f l=$l missing=$missing }
            """], uuid: "ABCD-1234", label: "ESP", fsType: "ext4")
        let menu = GrubScan.menu([volume])
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k u=ABCD-1234 f=ext2 l=ESP missing=yes")
    }
}

@Suite("GRUB block lists")
struct GrubBlockListTests {
    static let config = """
        set env_block="(${root})512+1"
        load_env -f "${env_block}"
        menuentry t { linux /k v=$v }
        """

    @Test func blockListOnADirectoryIsReportedClearly() {
        let menu = GrubScan.menu(config: Self.config)
        #expect(menu.errors.map(\.message) == ["load_env: (hd0,gpt1)512+1: the sectors of disk cannot be read here (not a block device)"])
        #expect(menu.entries.count == 1)
    }

    @Test func blockListIsReadFromTheDevice() {
        var volume = GrubScan.volume("disk", ["/boot/grub/grub.cfg": Self.config])
        var device = [UInt8](repeating: 0, count: 513 * 512)
        device.replaceSubrange(512 * 512..<513 * 512, with: GrubEnvBlockListTests.sector([("v", "from-sector-512")]))
        volume.blocks = MemoryBlocks(device)
        let menu = GrubScan.menu([volume])
        #expect(menu.errors.isEmpty)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k v=from-sector-512")
        // Past the end of the device: reported.
        volume.blocks = MemoryBlocks(Array(device[0..<512 * 512]))
        #expect(GrubScan.menu([volume]).errors.map(\.message) == ["load_env: (hd0,gpt1)512+1: beyond the end of the device"])
    }
}

@Suite("GRUB menus that reopen themselves")
struct GrubReloadTests {
    @Test func reloadEntriesAndSubmenusDoNotNestForever() {
        let menu = GrubScan.menu(config: """
            menuentry 'Linux' { linux /vmlinuz }
            menuentry 'Reload menu' { configfile $prefix/grub.cfg }
            submenu 'Again' { configfile /boot/grub/grub.cfg }
            submenu 'Deep' { source /boot/grub/deep.cfg }
            """, ["/boot/grub/deep.cfg": "submenu 'Deeper' { source /boot/grub/deep.cfg }\nmenuentry 'D' { linux /d }"])
        #expect(menu.entries.first?.title == "Linux")
        #expect(menu.entries.filter { $0.title == "D" }.count <= 33)
        #expect(menu.errors.contains { $0.message.contains("already being read") })
    }
}

@Suite("GRUB multiplying submenus")
struct GrubMultiplyTests {
    @Test func selfSourcingSubmenusAreBounded() {
        let menu = GrubScan.menu(config: "source /boot/grub/x.cfg", [
            "/boot/grub/x.cfg": "submenu a { source /boot/grub/x.cfg }\nsubmenu b { source /boot/grub/x.cfg }\nmenuentry k { linux /k }",
        ])
        #expect(menu.entries.count <= 50_000)
        #expect(menu.errors.contains { $0.message.contains("menu items") })
    }
}

@Suite("GRUB file names")
struct GrubFileNameTests {
    @Test func relativeNamesAreInvalidAsInGrub() {
        let menu = GrubScan.menu(config: """
            source custom.cfg
            menuentry t { linux vmlinuz }
            menuentry u { linux /vmlinuz }
            """, ["/custom.cfg": "set x=1", "/vmlinuz": ""])
        #expect(menu.entries.map(\.title) == ["u"])
        #expect(menu.errors.map(\.message) == ["source: invalid file name 'custom.cfg'", "linux: invalid file name 'vmlinuz'"])
        #expect(menu.errors.map(\.line) == [1, 2])
    }
}

@Suite("GRUB extract_entries")
struct GrubExtractEntriesTests {
    @Test func onlyMenuDefinitionsAreTaken() {
        let menu = GrubScan.menu(config: """
            set v=outer
            extract_entries_source /boot/grub/other.cfg
            menuentry 'Own' { linux /own v=$v }
            """, ["/boot/grub/other.cfg": "set v=inner\nmenuentry 'Other' { linux /other v=$v }\nif true; then menuentry 'Hidden' { linux /h }; fi"])
        #expect(menu.entries.map(\.title) == ["Other", "Own"])
        #expect(menu.entries.map(\.cmdline) == ["BOOT_IMAGE=/other v=outer", "BOOT_IMAGE=/own v=outer"])
    }
}

@Suite("GRUB ESP stubs that miss")
struct GrubStubMissTests {
    @Test func stubPointingAtAMissingFileDoesNotHideTheVolume() {
        let root = GrubScan.volume("root", ["/boot/grub/grub.cfg": "menuentry 'Real' { linux /boot/vmlinuz }"],
                                   uuid: "R00T", grubDevice: "hd0,gpt2")
        let stub = GrubScan.volume("esp", ["/EFI/debian/grub.cfg": """
            search.fs_uuid R00T root
            configfile ($root)/boot/grub2/grub.cfg
            """], uuid: "AAAA-BBBB", grubDevice: "hd0,gpt1")
        let menu = Scanner.scan(ScanContext(volumes: [stub, root]))
        #expect(menu.entries.map(\.title) == ["Real"])
        #expect(menu.errors.contains { $0.config == "/EFI/debian/grub.cfg" && $0.line == 2 })
    }
}
