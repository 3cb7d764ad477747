import BootConfig
import Testing

/// Fedora/RHEL `blscfg` and its rpm-style ordering.
@Suite("GRUB blscfg")
struct GrubBLSTests {
    @Test(arguments: [
        ("1.0", "1.0", 0), ("1.10", "1.9", 1), ("1.0a", "1.0", 1), ("1.0~rc1", "1.0", -1),
        ("5.18.0", "0", 1), ("fc28", "fc27", 1), ("1.0", "1.0.1", -1), ("a", "1", -1), ("001", "1", 0),
        ("1.0+git", "1.0", 1),
    ])
    func rpmStyleVersions(_ a: String, _ b: String, _ expected: Int) {
        #expect(GrubScanVersions.compare(a, b) == expected)
    }

    static func entry(_ version: String, options: String = "$kernelopts") -> String {
        """
        title Fedora Linux (\(version)) 39
        version \(version)
        linux /vmlinuz-\(version)
        initrd /initramfs-\(version).img $tuned_initrd
        options \(options)
        grub_users $grub_users
        grub_arg --unrestricted
        grub_class fedora
        """
    }

    static let config = """
        set kernelopts="root=UUID=abc ro"
        set tuned_params=""
        set tuned_initrd=""
        set default="${saved_entry}"
        insmod blscfg
        blscfg
        """

    @Test func entriesNewestFirstWithExpandedOptions() {
        let volume = GrubScan.volume("boot", [
            "/grub2/grub.cfg": Self.config,
            "/loader/entries/m-6.5.6-300.fc39.x86_64.conf": Self.entry("6.5.6-300.fc39.x86_64"),
            "/loader/entries/m-6.10.3-200.fc39.x86_64.conf": Self.entry("6.10.3-200.fc39.x86_64", options: "$kernelopts rhgb quiet"),
            "/loader/entries/m-0-rescue.conf": Self.entry("0-rescue-m"),
            "/loader/entries/.hidden.conf": Self.entry("9"),
            "/loader/entries/notes.txt": "x",
        ])
        let menu = GrubScan.menu([volume])
        #expect(menu.entries.map(\.id) == ["m-6.10.3-200.fc39.x86_64", "m-6.5.6-300.fc39.x86_64", "m-0-rescue"])
        #expect(menu.entries[0].cmdline == "BOOT_IMAGE=(hd0,gpt1)/vmlinuz-6.10.3-200.fc39.x86_64 root=UUID=abc ro rhgb quiet")
        #expect(menu.entries[0].initrds == ["/initramfs-6.10.3-200.fc39.x86_64.img"])
        #expect(menu.entries[0].config == "/loader/entries/m-6.10.3-200.fc39.x86_64.conf")
        #expect(menu.blsVolumesShown == ["boot"])
        #expect(menu.defaultIndex == 0)
    }

    @Test func savedEntryPicksTheBLSId() {
        let volume = GrubScan.volume("boot", [
            "/grub2/grub.cfg": Self.config,
            "/grub2/grubenv": GrubScan.grubenv([("saved_entry", "m-6.5.6-300.fc39.x86_64")]),
            "/loader/entries/m-6.5.6-300.fc39.x86_64.conf": Self.entry("6.5.6-300.fc39.x86_64"),
            "/loader/entries/m-6.10.3-200.fc39.x86_64.conf": Self.entry("6.10.3-200.fc39.x86_64"),
        ])
        let menu = GrubScan.menu([volume])
        // The config above does not load_env; with load_env the saved entry wins.
        #expect(menu.defaultIndex == 0)
        let loading = GrubScan.volume("boot", [
            "/grub2/grub.cfg": "load_env\n" + Self.config,
            "/grub2/grubenv": GrubScan.grubenv([("saved_entry", "m-6.5.6-300.fc39.x86_64")]),
            "/loader/entries/m-6.5.6-300.fc39.x86_64.conf": Self.entry("6.5.6-300.fc39.x86_64"),
            "/loader/entries/m-6.10.3-200.fc39.x86_64.conf": Self.entry("6.10.3-200.fc39.x86_64"),
        ])
        #expect(GrubScan.menu([loading]).defaultIndex == 1)
    }

    @Test func titleIsLiteralAndFallbackDirectoryIsBootLoaderEntries() {
        let volume = GrubScan.volume("root", [
            "/boot/grub2/grub.cfg": "blscfg",
            "/boot/loader/entries/x-1.0-1.conf": "title $os_name 1\nlinux /boot/vmlinuz-1\noptions ro\n",
        ])
        let menu = GrubScan.menu([volume])
        #expect(menu.entries.map(\.title) == ["$os_name 1"])
        #expect(menu.entries.first?.kernel == "/boot/vmlinuz-1")
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=(hd0,gpt1)/boot/vmlinuz-1 ro")
    }
}

/// Test access to the blscfg comparison through the public scan: two entry files whose
/// order reveals the comparison.
enum GrubScanVersions {
    static func compare(_ a: String, _ b: String) -> Int {
        if a == b { return 0 }
        let volume = GrubScan.volume("boot", [
            "/grub2/grub.cfg": "blscfg",
            "/loader/entries/n-\(a)-r.conf": "title A\nlinux /a\n",
            "/loader/entries/n-\(b)-r.conf": "title B\nlinux /b\n",
        ])
        let titles = GrubScan.menu([volume]).entries.map(\.title)
        if titles == ["A"] || titles == ["B"] { return 0 } // equal names: blscfg keeps one
        return titles == ["A", "B"] ? 1 : -1
    }
}
