import Testing
@testable import BootConfig

@Suite struct PxelinuxLookupTests {
    @Test func configNamesFollowPxelinuxOrder() {
        let client = NetFixtures.client(uuid: "B8945908-D6A6-41A9-611D-74A6AB80B83D")
        #expect(PxelinuxLookup.configNames(for: client) == [
            "b8945908-d6a6-41a9-611d-74a6ab80b83d", "01-52-54-00-12-34-56",
            "0A4D0005", "0A4D000", "0A4D00", "0A4D0", "0A4D", "0A4", "0A", "0", "default",
        ])
    }

    @Test func namesWithoutUUIDOrAddress() {
        var client = NetFixtures.client()
        client.ipv4 = nil
        #expect(PxelinuxLookup.configNames(for: client) == ["01-52-54-00-12-34-56", "default"])
    }

    @Test func workingDirectoryIsTheBootFileDirectory() throws {
        let origin = try #require(PxelinuxLookup.origin(for: NetFixtures.client(bootFile: "boot/x86/pxelinux.0")))
        #expect(origin.server.base == "tftp://10.77.0.2")
        #expect(origin.directory == "/boot/x86")
    }

    @Test func option210PathWinsOverTheBootFile() throws {
        let origin = try #require(PxelinuxLookup.origin(for: NetFixtures.client(bootFile: "boot/pxelinux.0", pathPrefix: "/srv/pxe/")))
        #expect(origin.server.base == "tftp://10.77.0.2")
        #expect(origin.directory == "/srv/pxe")
    }

    @Test func option210URLNamesAnotherServer() throws {
        let origin = try #require(PxelinuxLookup.origin(for: NetFixtures.client(pathPrefix: "http://10.77.0.3:8080/tcl/")))
        #expect(origin.server.base == "http://10.77.0.3:8080")
        #expect(origin.directory == "/tcl")
    }

    @Test func bootFileURLGivesServerAndDirectory() throws {
        let origin = try #require(PxelinuxLookup.origin(for: NetFixtures.client(bootFile: "http://10.77.0.3/pxe/lpxelinux.0")))
        #expect(origin.server.url == "http://10.77.0.3/")
        #expect(origin.directory == "/pxe")
    }

    @Test func noServerNoOrigin() {
        var client = NetFixtures.client()
        client.server = nil
        #expect(PxelinuxLookup.origin(for: client) == nil)
    }
}

@Suite struct PxelinuxSourceTests {
    static let defaultCfg = """
    DEFAULT install
    LABEL install
      KERNEL vmlinuz-default
      APPEND console=ttyS0
    """

    @Test func perMACConfigIsChosenOverDefaultAndFetchedInOrder() throws {
        let fetcher = RecordingFetcher([
            "tftp://10.77.0.2/pxelinux.cfg/default": Self.defaultCfg,
            "tftp://10.77.0.2/pxelinux.cfg/01-52-54-00-12-34-56": """
            DEFAULT node
            LABEL node
              KERNEL images/vmlinuz
              INITRD images/initrd.img
              APPEND root=/dev/nfs
              IPAPPEND 2
            """,
        ])
        let (menu, tree) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(uuid: "b8945908-d6a6-41a9-611d-74a6ab80b83d"), fetcher))
        #expect(fetcher.requests == [
            "tftp://10.77.0.2/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
            "tftp://10.77.0.2/pxelinux.cfg/01-52-54-00-12-34-56",
        ])
        let entry = try #require(menu.entries.first)
        #expect(menu.entries.count == 1)
        #expect(entry.fs == "tftp://10.77.0.2")
        #expect(tree.url(of: entry.kernel) == "tftp://10.77.0.2/images/vmlinuz")
        #expect(entry.initrds.map(tree.url(of:)) == ["tftp://10.77.0.2/images/initrd.img"])
        #expect(entry.cmdline == "BOOT_IMAGE=images/vmlinuz root=/dev/nfs initrd=images/initrd.img BOOTIF=01-52-54-00-12-34-56")
        #expect(menu.defaultIndex == 0)
    }

    @Test func hexAddressIsShortenedBeforeDefault() throws {
        let fetcher = RecordingFetcher([
            "tftp://10.77.0.2/boot/pxelinux.cfg/0A4D": "DEFAULT subnet\nLABEL subnet\n KERNEL k-subnet\n",
            "tftp://10.77.0.2/boot/pxelinux.cfg/default": Self.defaultCfg,
        ])
        let (menu, tree) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(bootFile: "boot/pxelinux.0"), fetcher))
        #expect(fetcher.requests.map { Path.basename($0) } == ["01-52-54-00-12-34-56", "0A4D0005", "0A4D000", "0A4D00", "0A4D0", "0A4D"])
        #expect(tree.url(of: try #require(menu.entries.first).kernel) == "tftp://10.77.0.2/boot/k-subnet")
    }

    @Test func defaultIsTheLastResort() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": Self.defaultCfg])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), fetcher))
        #expect(fetcher.requests.count == 10)
        #expect(fetcher.requests.last == "tftp://10.77.0.2/pxelinux.cfg/default")
        #expect(menu.entries.map(\.kernel) == ["/vmlinuz-default"])
    }

    @Test func option209NamesTheOnlyConfig() throws {
        let fetcher = RecordingFetcher([
            "tftp://10.77.0.2/cfg/node1.cfg": "DEFAULT a\nLABEL a\n KERNEL ka\n",
            "tftp://10.77.0.2/pxelinux.cfg/default": Self.defaultCfg,
        ])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(configFile: "cfg/node1.cfg"), fetcher))
        #expect(fetcher.requests == ["tftp://10.77.0.2/cfg/node1.cfg"])
        #expect(menu.entries.map(\.kernel) == ["/ka"])
    }

    @Test func httpPrefixFetchesConfigIncludesAndKernelsFromTheWebServer() throws {
        let fetcher = RecordingFetcher([
            "http://10.77.0.3/tcl/pxelinux.cfg/default": """
            UI menu.c32
            MENU TITLE Lab
            INCLUDE common/menu.cfg
            MENU INCLUDE more.cfg Tools
            """,
            "http://10.77.0.3/tcl/common/menu.cfg": "LABEL tc\n MENU LABEL ^TinyCore\n KERNEL ../img/vmlinuz\n APPEND quiet\n MENU DEFAULT\n",
            "http://10.77.0.3/tcl/more.cfg": "LABEL rescue\n KERNEL /rescue/vmlinuz\n",
        ])
        let (menu, tree) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(pathPrefix: "http://10.77.0.3/tcl/"), fetcher))
        #expect(menu.errors.isEmpty)
        #expect(menu.entries.map { tree.url(of: $0.kernel) } == ["http://10.77.0.3/img/vmlinuz", "http://10.77.0.3/rescue/vmlinuz"])
        #expect(menu.entries.map(\.title) == ["TinyCore", "rescue"])
        #expect(menu.entries.map(\.submenu) == [[], ["Tools"]])
        #expect(menu.defaultIndex == 0)
        #expect(fetcher.requests.contains("http://10.77.0.3/tcl/common/menu.cfg"))
    }

    @Test func ipappend1AddsTheIPWord() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": "IPAPPEND 1\nDEFAULT a\nLABEL a\n KERNEL ka\n APPEND x=1\n"])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), fetcher))
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=ka x=1 ip=10.77.0.5:10.77.0.2:10.77.0.1:255.255.255.0")
    }

    @Test func labelSysappendOverridesTheGlobalOne() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": """
            SYSAPPEND 2
            LABEL a
             KERNEL ka
            LABEL b
             KERNEL kb
             SYSAPPEND 0x7
            """])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(uuid: "B8945908-D6A6-41A9-611D-74A6AB80B83D"), fetcher))
        #expect(menu.entries.map(\.cmdline) == [
            "BOOT_IMAGE=ka BOOTIF=01-52-54-00-12-34-56",
            "BOOT_IMAGE=kb ip=10.77.0.5:10.77.0.2:10.77.0.1:255.255.255.0 BOOTIF=01-52-54-00-12-34-56 SYSUUID=b8945908-d6a6-41a9-611d-74a6ab80b83d",
        ])
    }

    @Test func localbootIsAnEntryThatReturnsToTheDisks() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": """
            DEFAULT local
            PROMPT 1
            TIMEOUT 50
            LABEL local
              MENU LABEL Boot from ^disk
              LOCALBOOT 0
            LABEL install
              KERNEL vmlinuz
            """])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), fetcher))
        #expect(menu.entries.map(\.kind) == [.localBoot, .kernel])
        #expect(menu.entries[0].title == "Boot from disk")
        #expect(menu.entries[0].kernel == "")
        #expect(menu.defaultIndex == 0)
        #expect(menu.timeout == 5)
    }

    @Test func localbootOnADiskStaysLeftOut() throws {
        let volume = Volume(name: "sda1", tree: MemoryTree([
            "/syslinux/syslinux.cfg": "LABEL local\n LOCALBOOT 0\nLABEL l\n KERNEL /vmlinuz\n IPAPPEND 2\n",
        ]), grubDevice: "hd0")
        let menu = try #require(SyslinuxSource.scan(volume: volume, context: ScanContext(volumes: [volume])))
        #expect(menu.entries.map(\.kernel) == ["/vmlinuz"])
        #expect(menu.entries[0].cmdline == "BOOT_IMAGE=/vmlinuz")
    }

    @Test func transferFailureStopsTheLookupWithAnError() throws {
        let failing = "tftp://10.77.0.2/pxelinux.cfg/01-52-54-00-12-34-56"
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": Self.defaultCfg],
                                       failures: [failing: RemoteFetchError(url: failing, reason: "timed out", notFound: false)])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), fetcher))
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.map(\.message) == ["cannot fetch \(failing): timed out"])
        #expect(fetcher.requests == [failing])
    }

    @Test func noConfigAtAllIsReported() throws {
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), RecordingFetcher([:])))
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.first?.message.hasPrefix("no pxelinux config found (tried 01-52-54-00-12-34-56, 0A4D0005,") == true)
    }

    @Test func missingIncludeNamesTheURL() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxelinux.cfg/default": "INCLUDE extra.cfg\nLABEL a\n KERNEL ka\n"])
        let (menu, _) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(), fetcher))
        #expect(menu.errors.map(\.message) == ["cannot read '/extra.cfg': tftp://10.77.0.2/extra.cfg: file not found"])
        #expect(menu.errors.first?.volume == "tftp://10.77.0.2")
    }
}

@Suite struct SysAppendTests {
    @Test func smbiosStringsAreCleanedWords() {
        var client = NetFixtures.client()
        client.smbios = ["SYSVENDOR": "  QEMU  ", "SYSPRODUCT": "Standard PC (Q35 + ICH9, 2009)", "BIOSVERSION": "1.16.2-debian"]
        let bits = SysAppend.Field.sysVendor.bit | SysAppend.Field.sysProduct.bit | SysAppend.Field.biosVersion.bit
            | SysAppend.Field.sysSerial.bit
        #expect(SysAppend.words(bits: bits, client: client) == [
            "SYSVENDOR=QEMU", "SYSPRODUCT=Standard_PC_(Q35_+_ICH9,_2009)", "BIOSVERSION=1.16.2-debian",
        ])
    }

    @Test func bitsAreSyslinuxOrder() {
        #expect(SysAppend.Field.ip.bit == 1)
        #expect(SysAppend.Field.bootIF.bit == 2)
        #expect(SysAppend.Field.sysUUID.bit == 4)
        #expect(SysAppend.Field.sysVendor.bit == 0x10)
        #expect(SysAppend.Field.biosVersion.bit == 0x10000)
        #expect(SysAppend.Field.fsUUID.bit == 0x40000)
    }

    @Test(arguments: [("2", 2), ("0x3ffff", 0x3ffff), ("010", 8), ("junk", 0)] as [(String, UInt32)])
    func bitsParseLikeStrtoul(text: String, value: UInt32) {
        #expect(SysAppend.parseBits(Substring(text)) == value)
    }
}

@Suite struct PxelinuxPathTests {
    @Test func urlKernelsStayURLsAndDoubleColonIsAbsolute() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/pxe/pxelinux.cfg/default": """
            DEFAULT web
            LABEL web
              KERNEL http://10.77.0.3/images/vmlinuz
              APPEND initrd=http://10.77.0.3/images/initrd.img quiet
            LABEL abs
              KERNEL ::images/vmlinuz
              INITRD ::images/initrd.img
            """])
        let (menu, tree) = try #require(NetFixtures.scanPxelinux(NetFixtures.client(bootFile: "pxe/lpxelinux.0"), fetcher))
        #expect(menu.entries.map(\.kernel) == ["http://10.77.0.3/images/vmlinuz", "/images/vmlinuz"])
        #expect(menu.entries.map(\.initrds) == [["http://10.77.0.3/images/initrd.img"], ["/images/initrd.img"]])
        #expect(tree.url(of: menu.entries[1].kernel) == "tftp://10.77.0.2/images/vmlinuz")
    }
}
