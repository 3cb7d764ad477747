import Testing
@testable import BootConfig

@Suite struct NetbootSourceTests {
    static func scan(_ client: NetbootClient, _ files: [String: String]) -> (ConfigMenu, RecordingFetcher) {
        let fetcher = RecordingFetcher(files)
        let none = Volume(name: "net", tree: MemoryTree(), grubDevice: "net")
        let menu = NetbootSource(client: client, fetcher: fetcher).scan(none, context: ScanContext(volumes: []), state: ScanState())
        return (menu ?? ConfigMenu(), fetcher)
    }

    @Test func pxelinuxBootFileIsNotFetchedButItsConfigIs() {
        let (menu, fetcher) = Self.scan(NetFixtures.client(bootFile: "pxelinux.0"),
                                        ["tftp://10.77.0.2/pxelinux.cfg/default": "DEFAULT a\nLABEL a\n KERNEL ka\n"])
        #expect(menu.entries.map(\.kernel) == ["/ka"])
        #expect(!fetcher.requests.contains("tftp://10.77.0.2/pxelinux.0"))
    }

    @Test func grubImageReadsGrubsLookup() {
        let (menu, _) = Self.scan(NetFixtures.client(bootFile: "grub/grubnetx64.efi"),
                                  ["tftp://10.77.0.2/grub/grub.cfg": "menuentry g { linux (tftp)/g }"])
        #expect(menu.entries.map(\.title) == ["g"])
        #expect(menu.entries.first?.fs == "tftp://10.77.0.2")
    }

    @Test func scriptBootFileRunsAsIPXE() {
        let (menu, _) = Self.scan(NetFixtures.client(bootFile: "http://10.77.0.3/boot.ipxe"),
                                  ["http://10.77.0.3/boot.ipxe": "#!ipxe\nkernel k\nboot\n"])
        #expect(menu.entries.map(\.kernel) == ["/k"])
        #expect(menu.entries.first?.source == .ipxe)
    }

    @Test func unknownBinaryIsAnErrorNamingTheURL() {
        let (menu, _) = Self.scan(NetFixtures.client(bootFile: "boot/thing.bin"), ["tftp://10.77.0.2/boot/thing.bin": "\u{7f}ELF"])
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.map(\.message) == ["boot file tftp://10.77.0.2/boot/thing.bin: neither a Linux kernel nor a known loader or script"])
    }

    @Test func plainKernelBootFileIsOneEntryBootingAtOnce() {
        let bzImage = String(repeating: "x", count: 0x202) + "HdrS"
        let (menu, _) = Self.scan(NetFixtures.client(bootFile: "images/bzImage"), ["tftp://10.77.0.2/images/bzImage": bzImage])
        #expect(menu.entries.map(\.kernel) == ["/images/bzImage"])
        #expect(menu.entries.first?.fs == "tftp://10.77.0.2")
        #expect(menu.defaultIndex == 0 && menu.timeout == 0)
    }

    @Test func bootFileURLs() {
        #expect(NetbootSource.bootFileURL(NetFixtures.client(bootFile: "boot/x.0")) == "tftp://10.77.0.2/boot/x.0")
        #expect(NetbootSource.bootFileURL(NetFixtures.client(bootFile: "http://h/x")) == "http://h/x")
        #expect(NetbootSource.bootFileURL(NetFixtures.client(bootFile: nil)) == nil)
    }
}
