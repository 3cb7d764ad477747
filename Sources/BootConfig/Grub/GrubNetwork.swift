/// A GRUB network device name: `tftp`, `tftp,SERVER`, `http,SERVER`, `https,SERVER`,
/// `pxe` and `pxe:SERVER` (old GRUB's name for TFTP); without a server the lease's
/// (`$net_default_server`).
struct GrubNetDevice: Equatable {
    var scheme: String
    var server: String

    /// Whether `name` can be a network device at all (starts `tf`, `px` or `ht`):
    /// a byte test that spares disk names the full parse and the `net_default_server` lookup.
    static func mayName(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next() else { return false }
        switch (first, second) {
        case (0x74, 0x66), (0x70, 0x78), (0x68, 0x74): return true  // tf px ht
        default: return false
        }
    }

    init?(_ name: String, defaultServer: String?) {
        var proto = Substring(name)
        var server: Substring?
        if let comma = name.firstIndex(of: ",") {
            proto = name[..<comma]
            server = name[name.index(after: comma)...]
        } else if name.hasPrefix("pxe:") {
            proto = "pxe"
            server = name.dropFirst(4)
        }
        switch proto {
        case "tftp", "pxe": scheme = "tftp"
        case "http", "https": scheme = String(proto)
        default: return nil
        }
        guard let host = server.map(String.init) ?? defaultServer, !host.isEmpty else { return nil }
        self.server = host
    }

    /// `tftp://SERVER`.
    var base: String { "\(scheme)://\(server)" }
}

/// GRUB's netboot: its variables, `(tftp)`-style devices and config lookup.
extension GrubInterpreter {
    /// The volume of a network device: the scan context's server with that URL, else
    /// one opened through the context's fetcher (once per run).
    func remoteVolume(_ device: GrubNetDevice) -> Volume? {
        if let known = knownVolume(named: device.base) { return known }
        guard let fetcher = context.fetcher,
              let location = RemoteLocation(url: device.base) else { return nil }
        let volume = Volume(name: device.base, tree: RemoteTree(base: location, fetcher: fetcher),
                            fsType: "net", grubDevice: "\(device.scheme),\(device.server)")
        remoteVolumes[device.base] = volume
        return volume
    }

    /// The variables GRUB's `net_bootp` sets (for the interface GRUB calls
    /// `client.interface` here), and `$cmdpath` as the boot file's directory.
    func prepareNetwork(_ client: NetbootClient, volume: Volume) {
        let card = client.interface
        var values: [(String, String)] = [("net_default_interface", card), ("net_default_mac", client.macColons),
                                          ("net_\(card)_mac", client.macColons)]
        if let ip = client.ipv4 { values += [("net_default_ip", ip), ("net_\(card)_ip", ip)] }
        if let server = client.server {
            values += [("net_default_server", server), ("pxe_default_server", server), ("net_\(card)_next_server", server)]
        }
        if let host = client.hostname { values.append(("net_\(card)_hostname", host)) }
        if let domain = client.domain { values.append(("net_\(card)_domain", domain)) }
        if let file = client.bootFile {
            values.append(("net_\(card)_boot_file", file))
            if volume.tree is RemoteTree {
                let directory = Path.directory(of: RemoteLocation(url: file)?.path ?? Path.resolve(file, in: "/"))
                values.append(("cmdpath", "(\(volume.grubDevice))\(directory == "/" ? "" : directory)"))
            }
        }
        if let uuid = client.uuid { values.append(("net_\(card)_clientuuid", uuid.lowercased())) }
        for (name, value) in values {
            env.set(name, value)
            env.export(name)
        }
    }
}

/// GRUB's network config lookup (upstream since 2.12, Fedora's and SUSE's GRUB
/// before): under the prefix, `grub.cfg-<UUID>`, `grub.cfg-01-<mac>`, `grub.cfg-<HEXIP>`
/// shortened one digit at a time, then `grub.cfg`.
public enum GrubNetbootLookup {
    /// The names tried, in order.
    public static func configNames(for client: NetbootClient) -> [String] {
        var names: [String] = []
        if let uuid = client.uuid, !uuid.isEmpty { names.append("grub.cfg-" + uuid.lowercased()) }
        if !client.mac.isEmpty { names.append("grub.cfg-" + client.bootIF) }
        if let hex = client.hexIPv4 {
            for length in stride(from: hex.count, through: 1, by: -1) { names.append("grub.cfg-" + hex.prefix(length)) }
        }
        names.append("grub.cfg")
        return names
    }

    /// The directories searched: the boot file's (GRUB's `$cmdpath`, where
    /// `grub-mknetdir` images look first), then `/boot/grub` (its default `$prefix`).
    public static func prefixes(for client: NetbootClient) -> [String] {
        var dirs: [String] = []
        if let file = client.bootFile, !file.isEmpty {
            dirs.append(Path.directory(of: RemoteLocation(url: file)?.path ?? Path.resolve(file, in: "/")))
        }
        if !dirs.contains("/boot/grub") { dirs.append("/boot/grub") }
        return dirs
    }
}

/// A GRUB netboot server as a source of menus: the first config of the lookup order
/// under each prefix, run by the GRUB interpreter with the lease's variables; its
/// `source`/`configfile`, `(tftp)`/`(http,server)` paths and kernels are on the server.
public struct GrubNetbootSource: MenuSource {
    public var client: NetbootClient
    /// Directories tried in turn (see `GrubNetbootLookup.prefixes`).
    public var prefixes: [String]

    public init(client: NetbootClient, prefixes: [String]? = nil) {
        self.client = client
        self.prefixes = prefixes ?? GrubNetbootLookup.prefixes(for: client)
    }

    public var name: String { "grub-netboot" }

    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        var context = context
        context.netboot = client
        if context.volume(named: volume.name) == nil { context.volumes.append(volume) }
        var tried: [String] = []
        for prefix in prefixes {
            for name in GrubNetbootLookup.configNames(for: client) {
                let path = Path.resolve(name, in: prefix)
                tried.append(path)
                if let remote = volume.tree as? RemoteTree, case .failure(let error) = remote.fetch(path) {
                    if error.notFound { continue }
                    return ConfigMenu(errors: [ConfigError(volume: volume.name, config: path, line: nil,
                                                           message: "cannot fetch \(error.url): \(error.reason)")])
                }
                guard volume.tree.isFile(path) else { continue }
                return GrubSource.evaluate(GrubFile(volume: volume.name, path: path), context: context)
            }
        }
        return ConfigMenu(errors: [ConfigError(volume: volume.name, config: prefixes.first ?? "/", line: nil,
                                               message: "no GRUB config found (tried \(tried.joined(separator: ", ")))")])
    }
}
