import Testing
@testable import BootConfig

/// iPXE scripts modelled on what provisioning systems serve (own text, same commands).
@Suite struct IPXETests {
    static func scan(_ url: String, _ files: [String: String], client: NetbootClient = NetFixtures.client(),
                     architecture: String = "x64") -> (ConfigMenu, RecordingFetcher) {
        let fetcher = RecordingFetcher(files)
        let volume = Volume(name: "http://10.77.0.3", tree: MemoryTree(), grubDevice: "http,10.77.0.3")
        let menu = IPXESource(client: client, scriptURL: url, fetcher: fetcher)
            .scan(volume, context: ScanContext(volumes: [], architecture: architecture), state: ScanState())
        return (menu ?? ConfigMenu(), fetcher)
    }

    /// Ironic-style: a loop over NICs chaining to a per-MAC config, which retries.
    static let ironicBoot = """
    #!ipxe
    # try each NIC's per-MAC config in turn
    set netid:int32 -1
    :loop
    inc netid || goto done
    isset ${net${netid}/mac} || goto done
    echo Trying ${net${netid}/mac:hexhyp}
    chain pxelinux.cfg/${net${netid}/mac:hexhyp} || goto loop
    :done
    echo No configuration found
    exit 1
    """
    static let ironicNode = """
    #!ipxe
    set attempts:int32 10
    set i:int32 0
    goto deploy
    :deploy
    imgfree
    kernel http://10.77.0.3:8080/node-1/deploy_kernel selinux=0 \\
      ipa-api-url=http://10.77.0.3:6385 BOOTIF=${mac} initrd=deploy_ramdisk || goto retry
    initrd http://10.77.0.3:8080/node-1/deploy_ramdisk || goto retry
    boot
    :retry
    iseq ${i} ${attempts} && goto fail ||
    inc i
    sleep ${i}
    goto deploy
    :fail
    poweroff
    """

    @Test func ironicChainsToThePerMACConfig() throws {
        let (menu, fetcher) = Self.scan("http://10.77.0.3/boot.ipxe", [
            "http://10.77.0.3/boot.ipxe": Self.ironicBoot,
            "http://10.77.0.3/pxelinux.cfg/52-54-00-12-34-56": Self.ironicNode,
        ])
        #expect(menu.errors.isEmpty)
        let entry = try #require(menu.entries.first)
        #expect(menu.entries.count == 1)
        #expect(entry.source == .ipxe)
        #expect(entry.fs == "http://10.77.0.3:8080")
        #expect(entry.kernel == "/node-1/deploy_kernel")
        #expect(entry.initrds == ["/node-1/deploy_ramdisk"])
        #expect(entry.cmdline == "selinux=0 ipa-api-url=http://10.77.0.3:6385 BOOTIF=52:54:00:12:34:56 initrd=deploy_ramdisk")
        #expect(entry.config == "/pxelinux.cfg/52-54-00-12-34-56")
        #expect(menu.defaultIndex == 0 && menu.timeout == 0)
        #expect(fetcher.requests == ["http://10.77.0.3/boot.ipxe", "http://10.77.0.3/pxelinux.cfg/52-54-00-12-34-56"])
    }

    @Test func ironicWithoutAPerMACConfigExitsWithAnError() {
        let (menu, _) = Self.scan("http://10.77.0.3/boot.ipxe", ["http://10.77.0.3/boot.ipxe": Self.ironicBoot])
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.map(\.message) == ["the script boots nothing"])
    }

    /// MAAS-style: chain to a per-MAC script on port 5248, fall back to a default one.
    @Test func maasPerMACThenDefault() throws {
        let top = """
        #!ipxe
        chain http://${next-server}:5248/ipxe.cfg-${mac} || chain http://${next-server}:5248/ipxe.cfg-default-amd64
        """
        let fallback = """
        #!ipxe
        kernel http://10.77.0.2:5248/images/ubuntu/amd64/ga-24.04/noble/stable/boot-kernel
        initrd http://10.77.0.2:5248/images/ubuntu/amd64/ga-24.04/noble/stable/boot-initrd
        imgargs boot-kernel nomodeset ro root=squash:http://10.77.0.2:5248/images/squashfs ip=::::${hostname}:BOOTIF \\
          ip6=off overlayroot=tmpfs BOOTIF=01-${mac:hexhyp} initrd=boot-initrd
        boot
        """
        let (menu, fetcher) = Self.scan("http://10.77.0.2:5248/ipxe.cfg", [
            "http://10.77.0.2:5248/ipxe.cfg": top,
            "http://10.77.0.2:5248/ipxe.cfg-default-amd64": fallback,
        ])
        #expect(menu.errors.isEmpty)
        #expect(fetcher.requests[1] == "http://10.77.0.2:5248/ipxe.cfg-52:54:00:12:34:56")
        let entry = try #require(menu.entries.first)
        #expect(entry.kernel == "/images/ubuntu/amd64/ga-24.04/noble/stable/boot-kernel")
        #expect(entry.cmdline == "nomodeset ro root=squash:http://10.77.0.2:5248/images/squashfs ip=::::node1:BOOTIF ip6=off overlayroot=tmpfs BOOTIF=01-52-54-00-12-34-56 initrd=boot-initrd")
    }

    /// Tinkerbell-style: architecture mapping with `iseq && set ||`, retries with labels.
    @Test func tinkerbellHookScript() throws {
        let script = """
        #!ipxe
        echo Loading the Hook iPXE script...
        set arch ${buildarch}
        iseq ${arch} i386 && set arch x86_64 ||
        iseq ${arch} arm64 && set arch aarch64 ||
        set download-url http://10.77.0.3:8080
        set retries:int32 0
        :retry_kernel
        kernel ${download-url}/vmlinuz-${arch} worker_id=${mac} hw_addr=${mac} \\
          modules=loop,squashfs,sd-mod console=ttyS0,115200 initrd=initramfs-${arch} && goto download_initrd || iseq ${retries} 3 && goto boot_failed ||
        inc retries
        goto retry_kernel
        :download_initrd
        initrd ${download-url}/initramfs-${arch} && goto boot ||
        goto boot_failed
        :boot
        boot
        :boot_failed
        exit 1
        """
        let (menu, _) = Self.scan("http://10.77.0.3/auto.ipxe", ["http://10.77.0.3/auto.ipxe": script], architecture: "aa64")
        #expect(menu.errors.isEmpty)
        let entry = try #require(menu.entries.first)
        #expect(entry.fs == "http://10.77.0.3:8080")
        #expect(entry.kernel == "/vmlinuz-aarch64")
        #expect(entry.initrds == ["/initramfs-aarch64"])
        #expect(entry.cmdline.hasPrefix("worker_id=52:54:00:12:34:56 hw_addr=52:54:00:12:34:56 modules=loop"))
    }

    /// The Done-when scenario: a menu whose choice chains per machine via hexhyp.
    static let menuScript = """
    #!ipxe
    set base http://10.77.0.3/machines
    menu Provisioning for ${hostname}
    item --gap -- Install
    item --key i install Install this machine
    item --key r --default rescue Rescue shell
    item shell iPXE shell
    choose --timeout 5000 --default rescue target || goto cancelled
    goto ${target}
    :install
    chain ${base}/${net0/mac:hexhyp}.ipxe
    :rescue
    kernel rescue/vmlinuz console=ttyS0 mac=${net0/mac}
    initrd rescue/initrd.img
    boot
    :shell
    shell
    :cancelled
    exit
    """

    @Test func menuChooseBecomesASubmenu() throws {
        let (menu, fetcher) = Self.scan("http://10.77.0.3/menu.ipxe", [
            "http://10.77.0.3/menu.ipxe": Self.menuScript,
            "http://10.77.0.3/machines/52-54-00-12-34-56.ipxe": "#!ipxe\nkernel /k/vmlinuz node=1\ninitrd http://10.77.0.9/i.img\nboot\n",
        ])
        #expect(menu.errors.isEmpty)
        #expect(menu.entries.map(\.title) == ["Install this machine", "Rescue shell"])
        #expect(menu.entries.map(\.submenu) == [["Provisioning for node1"], ["Provisioning for node1"]])
        #expect(menu.entries.map(\.id) == ["install", "rescue"])
        #expect(menu.entries.map(\.hotkey) == ["i", "r"])
        #expect(menu.entries[0].kernel == "/k/vmlinuz")
        #expect(menu.entries[0].initrds == ["http://10.77.0.9/i.img"])
        #expect(menu.entries[1].kernel == "/rescue/vmlinuz")
        #expect(menu.entries[1].cmdline == "console=ttyS0 mac=52:54:00:12:34:56")
        #expect(menu.defaultIndex == 1)
        #expect(menu.entries[1].isDefault)
        #expect(menu.timeout == 5)
        #expect(fetcher.requests.contains("http://10.77.0.3/machines/52-54-00-12-34-56.ipxe"))
    }

    @Test func gotoLoopIsStoppedWithTheLine() {
        let (menu, _) = Self.scan("tftp://10.77.0.2/loop.ipxe", ["tftp://10.77.0.2/loop.ipxe": "#!ipxe\n:top\necho again\ngoto top\n"])
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.map(\.description) == [
            "tftp://10.77.0.2:/loop.ipxe:3: script stopped after \(IPXEInterpreter.maxSteps) commands (a goto loop?)",
        ])
    }

    @Test func aLoopingMenuItemKeepsTheOtherItems() {
        let script = """
            #!ipxe
            menu Items
            item loop Looping item
            item good Good item
            choose target && goto ${target}
            :loop
            echo again
            goto loop
            :good
            kernel http://10.77.0.2/vmlinuz console=ttyS0
            boot
            """
        let (menu, _) = Self.scan("http://10.77.0.2/menu.ipxe", ["http://10.77.0.2/menu.ipxe": script])
        #expect(menu.entries.map(\.title) == ["Good item"])
        #expect(menu.errors.map(\.description) == [
            "http://10.77.0.2:/menu.ipxe:8: menu item 'loop' stopped after \(IPXEInterpreter.maxBranchSteps) commands (a goto loop?)",
        ])
    }

    @Test func wordsSplitOnBytesKeepQuotesAndEscapes() {
        let commands = IPXEScript.commands("set a \"b  c\" && echo d\\ é || echo 'x\"y'")
        #expect(commands.map(\.words) == [["set", "a", "b  c"], ["echo", "d é"], ["echo", "x\"y"]])
        #expect(commands.map(\.link) == [.first, .and, .or])
    }

    @Test func chainDepthIsLimited() {
        let (menu, fetcher) = Self.scan("http://10.77.0.3/a.ipxe", ["http://10.77.0.3/a.ipxe": "#!ipxe\nchain a.ipxe\n"])
        #expect(menu.entries.isEmpty)
        #expect(fetcher.requests.count == IPXEInterpreter.maxChainDepth + 1)
        #expect(menu.errors.first?.message == "chain: more than \(IPXEInterpreter.maxChainDepth) scripts deep at http://10.77.0.3/a.ipxe")
    }

    @Test func chainToAKernelBootsIt() throws {
        var kernel = [UInt8](repeating: 0, count: 0x300)
        kernel.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        let (menu, _) = Self.scanBytes("http://10.77.0.3/c.ipxe", [
            "http://10.77.0.3/c.ipxe": Array("#!ipxe\ninitrd i.img\nchain vmlinuz quiet\n".utf8),
            "http://10.77.0.3/vmlinuz": kernel,
        ])
        let entry = try #require(menu.entries.first)
        #expect(entry.kernel == "/vmlinuz")
        #expect(entry.initrds == ["/i.img"])
        #expect(entry.cmdline == "quiet")
    }

    @Test func errorsNameScriptAndLine() {
        let (menu, _) = Self.scan("http://10.77.0.3/e.ipxe", ["http://10.77.0.3/e.ipxe": "#!ipxe\n\nsanboot iscsi:10.0.0.1::::iqn\nfrobnicate\nboot\n"])
        #expect(menu.errors.map(\.description) == [
            "http://10.77.0.3:/e.ipxe:3: sanboot is not supported: swiftboot boots Linux kernels only",
            "http://10.77.0.3:/e.ipxe:4: unknown command 'frobnicate'",
            "http://10.77.0.3:/e.ipxe:5: boot: no kernel loaded",
        ])
    }

    @Test func notAScript() {
        let (menu, _) = Self.scan("http://10.77.0.3/x", ["http://10.77.0.3/x": "kernel foo\n"])
        #expect(menu.errors.map(\.message) == ["not an iPXE script (no #!ipxe first line)"])
    }

    @Test(arguments: [
        ("${net0/mac:hexhyp}", "52-54-00-12-34-56"), ("${mac:hexraw}", "525400123456"), ("${mac}", "52:54:00:12:34:56"),
        ("${ip}/${netmask}", "10.77.0.5/255.255.255.0"), ("${next-server}", "10.77.0.2"), ("${net1/mac}", ""),
        ("${platform}-${buildarch}", "efi-x86_64"), ("${hostname:uristring}", "node1"),
        ("${uuid}", "b8945908-d6a6-41a9-611d-74a6ab80b83d"), ("${v:uristring}", "a%20b%2Fc%3F"),
    ])
    func expansion(text: String, expected: String) {
        var settings = IPXESettings(client: NetFixtures.client(uuid: "B8945908-D6A6-41A9-611D-74A6AB80B83D"),
                                    buildArch: "x86_64", platform: "efi")
        settings.stored["v"] = "a b/c?"
        #expect(settings.expand(text) == expected)
    }

    @Test func relativeURLsKeepQueries() {
        #expect(IPXEURL.resolve("../k?x=1", against: "http://h/a/b/s.ipxe?y=2") == "http://h/a/k?x=1")
        #expect(IPXEURL.resolve("/k", against: "tftp://h/a/s.ipxe") == "tftp://h/k")
        #expect(IPXEURL.resolve("https://o/k", against: "tftp://h/a/s.ipxe") == "https://o/k")
    }

    static func scanBytes(_ url: String, _ files: [String: [UInt8]]) -> (ConfigMenu, BytesFetcher) {
        let fetcher = BytesFetcher(files)
        let volume = Volume(name: "x", tree: MemoryTree(), grubDevice: "x")
        let menu = IPXESource(client: NetFixtures.client(), scriptURL: url, fetcher: fetcher)
            .scan(volume, context: ScanContext(volumes: []), state: ScanState())
        return (menu ?? ConfigMenu(), fetcher)
    }
}

/// A server of raw bytes (kernels), without request recording.
struct BytesFetcher: RemoteFileFetcher {
    let files: [String: [UInt8]]
    init(_ files: [String: [UInt8]]) { self.files = files }
    func fetch(_ url: String) throws(RemoteFetchError) -> [UInt8] {
        guard let data = files[url] else { throw RemoteFetchError(url: url, reason: "file not found", notFound: true) }
        return data
    }
}
