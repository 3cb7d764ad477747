import Testing
@testable import BootConfig

@Suite struct RemoteTreeTests {
    let server = RemoteLocation(scheme: "tftp", authority: "10.77.0.2", path: "/")

    @Test func readsFetchByURLOnce() throws {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/boot/grub/grub.cfg": "set timeout=1\n"])
        let tree = RemoteTree(base: server, fetcher: fetcher)
        #expect(tree.isFile("/boot/grub/grub.cfg"))
        #expect(try tree.readText("/boot/grub/../grub/grub.cfg") == "set timeout=1\n")
        #expect(fetcher.requests == ["tftp://10.77.0.2/boot/grub/grub.cfg"])
    }

    @Test func missingFileIsNoKindAndAReadErrorNamingTheURL() {
        let tree = RemoteTree(base: server, fetcher: RecordingFetcher([:]))
        #expect(tree.kind("/nope") == nil)
        #expect(throws: FileTreeError(path: "/nope", reason: "tftp://10.77.0.2/nope: file not found")) {
            try tree.read("/nope")
        }
    }

    @Test func listingSaysTFTPCannotList() {
        let tree = RemoteTree(base: server, fetcher: RecordingFetcher([:]))
        #expect(throws: FileTreeError(path: "/pxelinux.cfg",
                                      reason: "cannot list a directory on tftp://10.77.0.2: TFTP has no directory listing")) {
            try tree.list("/pxelinux.cfg")
        }
    }

    @Test func pathsCannotClimbAboveTheServerRoot() {
        let tree = RemoteTree(base: server, fetcher: RecordingFetcher([:]))
        #expect(tree.url(of: "/../../etc/passwd") == "tftp://10.77.0.2/etc/passwd")
    }

    @Test(arguments: [
        ("http://10.77.0.3:8080/a/b.cfg?x=1", "http", "10.77.0.3:8080", "/a/b.cfg"),
        ("tftp://[fd77::2]/pxelinux.0", "tftp", "[fd77::2]", "/pxelinux.0"),
        ("HTTPS://host", "https", "host", "/"),
    ])
    func urlsSplit(text: String, scheme: String, authority: String, path: String) throws {
        let location = try #require(RemoteLocation(url: text))
        #expect(location.scheme == scheme)
        #expect(location.authority == authority)
        #expect(location.path == path)
    }

    @Test(arguments: ["pxelinux.0", "/boot/x", "http:/x", "://x", "http://"])
    func notURLs(text: String) {
        #expect(RemoteLocation(url: text) == nil)
    }

    @Test func grubConfigSourcesRelativeFilesFromTheServer() throws {
        let fetcher = RecordingFetcher([
            "tftp://10.77.0.2/boot/grub/grub.cfg": "source /boot/grub/common.cfg\nmenuentry 'Net' { linux /k/vmlinuz $extra\n }\n",
            "tftp://10.77.0.2/boot/grub/common.cfg": "set extra=quiet\nset timeout=3\n",
        ])
        let tree = RemoteTree(base: server, fetcher: fetcher)
        let volume = Volume(name: tree.base, tree: tree, grubDevice: "tftp")
        let menu = try #require(GrubSource.scan(volume: volume, context: ScanContext(volumes: [volume])))
        #expect(menu.entries.map(\.cmdline) == ["BOOT_IMAGE=/k/vmlinuz quiet"])
        #expect(menu.timeout == 3)
        #expect(fetcher.requests.contains("tftp://10.77.0.2/boot/grub/common.cfg"))
    }
}

@Suite struct BootFileKindTests {
    static func bzImageHead() -> [UInt8] {
        var head = [UInt8](repeating: 0, count: 1024)
        head[0] = 0x4d; head[1] = 0x5a
        head.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        return head
    }

    @Test func plainKernelIsOneEntry() throws {
        let kind = BootFileKind.classify(name: "boot/bzImage", head: Self.bzImageHead())
        #expect(kind == .linuxKernel)
        let entry = try #require(BootFileKind.kernelEntry(url: "tftp://10.77.0.2/boot/bzImage", client: NetFixtures.client()))
        #expect(entry.fs == "tftp://10.77.0.2")
        #expect(entry.kernel == "/boot/bzImage")
        #expect(entry.source == .netboot)
    }

    @Test func arm64ImageIsAKernel() {
        var head = [UInt8](repeating: 0, count: 64)
        head.replaceSubrange(0x38..<0x3c, with: [0x41, 0x52, 0x4d, 0x64])
        #expect(BootFileKind.classify(name: "Image", head: head) == .linuxKernel)
    }

    @Test(arguments: [
        ("pxelinux.0", BootFileKind.pxelinux), ("efi64/syslinux.efi", .pxelinux),
        ("http://s/grubnetx64.efi.signed", .grub), ("boot/grub/x86_64-efi/core.efi", .grub),
    ])
    func loadersByName(name: String, kind: BootFileKind) {
        #expect(BootFileKind.classify(name: name, head: [0x4d, 0x5a, 0, 0]) == kind)
    }

    @Test func ipxeScriptByFirstLine() {
        #expect(BootFileKind.classify(name: "boot.ipxe", head: Array("#!ipxe\ndhcp\n".utf8)) == .ipxeScript)
    }

    @Test func ipxeBinaryIsUnsupportedWithAReason() {
        guard case .unsupported(let why) = BootFileKind.classify(name: "undionly.kpxe", head: [0xeb, 0x3c]) else {
            Issue.record("undionly.kpxe classified as bootable")
            return
        }
        #expect(why.contains("iPXE binary"))
    }
}

@Suite struct LocalSourcesSkipServersTests {
    @Test func localScanNeverFetchesFromAServer() {
        let fetcher = RecordingFetcher(["tftp://10.77.0.2/boot/grub/grub.cfg": "menuentry net { linux /k }"])
        let tree = RemoteTree(base: RemoteLocation(scheme: "tftp", authority: "10.77.0.2", path: "/"), fetcher: fetcher)
        let server = NetbootVolume.make(tree, client: NetFixtures.client())
        let disk = Volume(name: "sda1", tree: MemoryTree([
            "/EFI/BOOT/grub.cfg": "configfile (hd1)/boot/grub/grub.cfg",
            "/boot/grub/grub.cfg": "menuentry disk { linux /vmlinuz }",
        ]), grubDevice: "hd0,gpt1")
        let menu = Scanner.scan(ScanContext(volumes: [disk, server]))
        #expect(menu.entries.map(\.title) == ["disk"])
        #expect(fetcher.requests.isEmpty)
    }
}
