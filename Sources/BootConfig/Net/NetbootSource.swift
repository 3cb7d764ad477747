/// The network source of one lease: reads what the boot file (option 67 / DHCPv6
/// option 59) stands for — pxelinux's or GRUB's config lookup, an iPXE script, or a
/// plain kernel — through the format's own source.
///
/// The loaders are known by name and never fetched; any other boot file is fetched
/// once to read its first bytes (a script, or a kernel the loader then fetches again).
public struct NetbootSource: MenuSource {
    public var client: NetbootClient
    public var fetcher: any RemoteFileFetcher

    public init(client: NetbootClient, fetcher: any RemoteFileFetcher) {
        self.client = client
        self.fetcher = fetcher
    }

    public var name: String { "netboot" }

    /// The boot file as a URL: itself when it is one, else `tftp://<server>/<file>`.
    public static func bootFileURL(_ client: NetbootClient) -> String? {
        guard let file = client.bootFile, !file.isEmpty else { return nil }
        if RemoteLocation(url: file) != nil { return file }
        guard let server = client.server, !server.isEmpty else { return nil }
        return "tftp://\(server)" + Path.resolve(file, in: "/")
    }

    /// `volume` is ignored: the lease names the servers.
    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        guard let url = Self.bootFileURL(client), let location = RemoteLocation(url: url) else {
            return ConfigMenu(errors: [ConfigError(volume: client.interface, config: client.bootFile ?? "", line: nil,
                                                   message: "the lease names no boot file and server")])
        }
        var kind = BootFileKind.classify(name: url, head: [])
        if case .unsupported = kind {
            do {
                kind = BootFileKind.classify(name: url, head: Array(try fetcher.fetch(url).prefix(4096)))
            } catch {
                return ConfigMenu(errors: [ConfigError(volume: location.base, config: location.path, line: nil,
                                                       message: "cannot fetch \(error.url): \(error.reason)")])
            }
        }
        switch kind {
        case .pxelinux:
            guard let origin = PxelinuxLookup.origin(for: client) else { return nil }
            let tree = RemoteTree(base: origin.server, fetcher: fetcher)
            let server = NetbootVolume.make(tree, client: client)
            var context = context
            context.volumes.append(server)
            return PxelinuxSource(client: client, origin: origin).scan(server, context: context, state: state)
        case .grub:
            let tree = RemoteTree(base: location, fetcher: fetcher)
            var context = context
            context.fetcher = fetcher
            return GrubNetbootSource(client: client).scan(NetbootVolume.make(tree, client: client), context: context, state: state)
        case .ipxeScript:
            return IPXESource(client: client, scriptURL: url, fetcher: fetcher).scan(volume, context: context, state: state)
        case .linuxKernel:
            guard var entry = BootFileKind.kernelEntry(url: url, client: client) else { return nil }
            entry.isDefault = true
            return ConfigMenu(entries: [entry], defaultIndex: 0, timeout: 0)
        case .unsupported(let why):
            return ConfigMenu(errors: [ConfigError(volume: location.base, config: location.path, line: nil,
                                                   message: "boot file \(url): \(why)")])
        }
    }
}
