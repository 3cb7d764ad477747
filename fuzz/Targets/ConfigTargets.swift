@testable import BootConfig

/// Targets over the text config formats (Sources/BootConfig).
enum ConfigTargets {
    /// Files every scan volume holds, so entries resolve and kernel checks pass.
    static let kernels: [String: [UInt8]] = [
        "/vmlinuz": [0], "/initrd.img": [0], "/boot/vmlinuz": [0], "/boot/initrd.img": [0],
    ]

    static func volume(_ files: [String: [UInt8]], fsType: String? = nil) -> Volume {
        Volume(name: "fuzz0", tree: MemoryTree(bytes: files.merging(kernels) { a, _ in a }),
               uuid: "1111-2222", label: "FUZZ", fsType: fsType, grubDevice: "hd0,gpt1")
    }

    static func grubLexer(_ bytes: [UInt8]) {
        _ = GrubLexer.lex(FuzzInput.text(bytes))
    }

    static func grubParser(_ bytes: [UInt8]) {
        _ = GrubParser.parse(FuzzInput.text(bytes))
    }

    /// grub.cfg with the interpreter: `source`/`configfile` may reach a.cfg and b.cfg,
    /// `load_env` the grubenv.
    static func grub(_ bytes: [UInt8]) {
        let files = FuzzInput.files(bytes, names: ["/boot/grub/grub.cfg", "/boot/grub/a.cfg",
                                                   "/boot/grub/grubenv", "/boot/grub/b.cfg"])
        let disk = volume(files)
        _ = GrubSource.scan(volume: disk, context: ScanContext(volumes: [disk]))
    }

    /// syslinux.cfg and two files it may INCLUDE, MENU INCLUDE or restart with (CONFIG).
    static func syslinux(_ bytes: [UInt8]) {
        let files = FuzzInput.files(bytes, names: ["/syslinux/syslinux.cfg", "/syslinux/a.cfg", "/syslinux/b.cfg"])
        let disk = volume(files)
        _ = SyslinuxSource.scan(volume: disk, context: ScanContext(volumes: [disk], architecture: "x64"))
    }

    /// extlinux.conf as U-Boot reads it (arm64).
    static func extlinuxUBoot(_ bytes: [UInt8]) {
        let files = FuzzInput.files(bytes, names: ["/extlinux/extlinux.conf", "/extlinux/a.conf"])
        let disk = volume(files)
        _ = SyslinuxSource.scan(volume: disk, context: ScanContext(volumes: [disk], architecture: "aa64"))
    }

    /// Two BLS entries and loader.conf, through the whole BLS source.
    static func bls(_ bytes: [UInt8]) {
        let files = FuzzInput.files(bytes, names: ["/loader/entries/a.conf", "/loader/entries/b-1.2.conf",
                                                   "/loader/loader.conf"])
        let disk = volume(files, fsType: "vfat")
        _ = BLSSource.scan(volume: disk, context: ScanContext(volumes: [disk]))
        let entry = BLSEntryFile(fileName: "a.conf", text: FuzzInput.text(files["/loader/entries/a.conf"] ?? []))
        _ = BLSEntry.interpret(entry, path: "/loader/entries/a.conf")
    }

    static func loaderConf(_ bytes: [UInt8]) {
        let conf = LoaderConf(text: FuzzInput.text(bytes))
        _ = LoaderConf.menuTimeout(conf.timeout)
    }

    /// JSON (LUKS2 metadata areas): parsed, walked, written and parsed again (the
    /// written text must give the same value).
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        func walk(_ v: JSON) {
            if let members = v.objectMembers { for (k, m) in members { _ = v[k]; walk(m) } }
            if let items = v.arrayValue { items.forEach(walk) }
            _ = v.stringValue.flatMap(Base64.decode)
        }
        walk(value)
        let again = try? JSONParser.parse(Array(value.rendered().utf8))
        if again != value { fatalError("JSON written and read again differs") }
    }

    /// A grubenv block, parsed and rewritten in place.
    static func grubenv(_ bytes: [UInt8]) {
        guard let block = GrubEnvBlock(bytes: bytes) else { return }
        _ = block["saved_entry"]
        if let updated = GrubEnvBlock.updated(bytes, setting: [("saved_entry", "fuzz"), ("next_entry", nil)]) {
            guard updated.count == bytes.count, GrubEnvBlock(bytes: updated)?["saved_entry"] == "fuzz" else {
                fatalError("grubenv: an in-place update changed the size or lost the value")
            }
        }
    }

    /// An iPXE script and two scripts it may chain to, served from memory.
    static func ipxe(_ bytes: [UInt8]) {
        let files = FuzzInput.files(bytes, names: ["http://10.77.0.2/boot.ipxe", "http://10.77.0.2/a.ipxe",
                                                   "http://10.77.0.2/b.ipxe"])
        let client = NetbootClient(interface: "eth0", mac: [0x52, 0x54, 0, 0x12, 0x34, 0x56], ipv4: "10.77.0.5",
                                   netmask: "255.255.255.0", gateway: "10.77.0.1", server: "10.77.0.2",
                                   bootFile: "boot.ipxe", hostname: "fuzz")
        let source = IPXESource(client: client, scriptURL: "http://10.77.0.2/boot.ipxe", fetcher: MemoryFetcher(files))
        let disk = volume([:])
        _ = source.scan(disk, context: ScanContext(volumes: [disk]), state: ScanState())
    }
}

/// Serves fuzz files by URL.
struct MemoryFetcher: RemoteFileFetcher {
    let files: [String: [UInt8]]

    init(_ files: [String: [UInt8]]) { self.files = files }

    func fetch(_ url: String) throws(RemoteFetchError) -> [UInt8] {
        guard let data = files[url] else { throw RemoteFetchError(url: url, reason: "file not found", notFound: true) }
        return data
    }
}
