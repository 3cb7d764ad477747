import Testing
@testable import BootConfig

@Suite struct GrubNetbootTests {
    static let client = NetFixtures.client(bootFile: "boot/grub/x86_64-efi/core.efi")

    static func scan(_ files: [String: String], client: NetbootClient = client,
                     prefixes: [String]? = nil) -> (ConfigMenu, RecordingFetcher) {
        let fetcher = RecordingFetcher(files)
        let tree = RemoteTree(base: RemoteLocation(scheme: "tftp", authority: "10.77.0.2", path: "/"), fetcher: fetcher)
        let volume = NetbootVolume.make(tree, client: client)
        let context = ScanContext(volumes: [], fetcher: fetcher)
        let menu = GrubNetbootSource(client: client, prefixes: prefixes).scan(volume, context: context, state: ScanState())
        return (menu ?? ConfigMenu(), fetcher)
    }

    @Test func lookupNames() {
        #expect(GrubNetbootLookup.configNames(for: Self.client) == [
            "grub.cfg-01-52-54-00-12-34-56", "grub.cfg-0A4D0005", "grub.cfg-0A4D000", "grub.cfg-0A4D00",
            "grub.cfg-0A4D0", "grub.cfg-0A4D", "grub.cfg-0A4", "grub.cfg-0A", "grub.cfg-0", "grub.cfg",
        ])
        #expect(GrubNetbootLookup.prefixes(for: Self.client) == ["/boot/grub/x86_64-efi", "/boot/grub"])
    }

    @Test func perMACConfigWinsAndUsesTheLeaseVariables() throws {
        let (menu, fetcher) = Self.scan([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "menuentry generic { linux /generic }",
            "tftp://10.77.0.2/boot/grub/grub.cfg-01-52-54-00-12-34-56": """
            net_bootp
            menuentry "node $net_default_mac" {
                linuxefi (tftp)/images/vmlinuz ip=$net_default_ip server=$net_default_server host=$net_eth0_hostname
                initrdefi ($root)/images/initrd.img
            }
            """,
        ], prefixes: ["/boot/grub"])
        #expect(menu.errors.isEmpty)
        let entry = try #require(menu.entries.first)
        #expect(entry.title == "node 52:54:00:12:34:56")
        #expect(entry.fs == "tftp://10.77.0.2")
        #expect(entry.kernel == "/images/vmlinuz")
        #expect(entry.initrds == ["/images/initrd.img"])
        #expect(entry.cmdline == "BOOT_IMAGE=(tftp)/images/vmlinuz ip=10.77.0.5 server=10.77.0.2 host=node1")
        #expect(fetcher.requests.first == "tftp://10.77.0.2/boot/grub/grub.cfg-01-52-54-00-12-34-56")
        #expect(!fetcher.requests.contains("tftp://10.77.0.2/boot/grub/grub.cfg"))
    }

    @Test func hexIPThenPlainGrubCfgUnderEachPrefix() throws {
        let (menu, fetcher) = Self.scan(["tftp://10.77.0.2/boot/grub/grub.cfg": "menuentry generic { linux /generic }"])
        #expect(menu.entries.map(\.kernel) == ["/generic"])
        // Ten names under cmdpath's directory, then ten under /boot/grub.
        #expect(fetcher.requests.count == 20)
        #expect(fetcher.requests[9] == "tftp://10.77.0.2/boot/grub/x86_64-efi/grub.cfg")
        #expect(fetcher.requests[18] == "tftp://10.77.0.2/boot/grub/grub.cfg-0")
    }

    @Test func httpDeviceOpensAnotherServerThroughTheFetcher() throws {
        let (menu, fetcher) = Self.scan([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "configfile (http,10.77.0.3)/cfg/$net_default_mac.cfg",
            "http://10.77.0.3/cfg/52:54:00:12:34:56.cfg": "set root=http,10.77.0.3\nmenuentry web { linux /k root=web\n initrd /i }",
        ], prefixes: ["/boot/grub"])
        #expect(menu.errors.isEmpty)
        let entry = try #require(menu.entries.first)
        #expect(entry.fs == "http://10.77.0.3")
        #expect(entry.kernel == "/k")
        #expect(entry.config == "/cfg/52:54:00:12:34:56.cfg")
        #expect(entry.configVolume == "http://10.77.0.3")
        #expect(fetcher.requests.contains("http://10.77.0.3/cfg/52:54:00:12:34:56.cfg"))
    }

    @Test func cmdpathAndPrefixNameTheServer() throws {
        let (menu, _) = Self.scan([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "menuentry x { linux $cmdpath/vmlinuz p=$prefix }",
        ], prefixes: ["/boot/grub"])
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=(tftp,10.77.0.2)/boot/grub/x86_64-efi/vmlinuz p=(tftp,10.77.0.2)/boot/grub")
        #expect(menu.entries.first?.kernel == "/boot/grub/x86_64-efi/vmlinuz")
    }

    @Test func pxeDeviceNameIsTFTP() throws {
        let (menu, _) = Self.scan([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "source (pxe)/boot/grub/vars.cfg\nmenuentry x { linux (pxe:10.77.0.2)/k $v }",
            "tftp://10.77.0.2/boot/grub/vars.cfg": "set v=1",
        ], prefixes: ["/boot/grub"])
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=(pxe:10.77.0.2)/k 1")
        #expect(menu.entries.first?.fs == "tftp://10.77.0.2")
    }

    @Test func netBootpSucceedsOnlyWithALease() throws {
        let config = "if net_bootp; then menuentry net { linux /a }; else menuentry disk { linux /b }; fi"
        let volume = Volume(name: "sda1", tree: MemoryTree(["/boot/grub/grub.cfg": config]), grubDevice: "hd0,gpt1")
        let disk = try #require(GrubSource.scan(volume: volume, context: ScanContext(volumes: [volume])))
        #expect(disk.entries.map(\.title) == ["disk"])
        let (net, _) = Self.scan(["tftp://10.77.0.2/boot/grub/grub.cfg": config], prefixes: ["/boot/grub"])
        #expect(net.entries.map(\.title) == ["net"])
    }

    @Test func searchDoesNotProbeNetworkServers() throws {
        let (menu, fetcher) = Self.scan([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "search --file --set=r /marker\nmenuentry \"r=$r\" { linux /k }",
        ], prefixes: ["/boot/grub"])
        #expect(menu.entries.first?.title == "r=")
        #expect(!fetcher.requests.contains("tftp://10.77.0.2/marker"))
    }
}
