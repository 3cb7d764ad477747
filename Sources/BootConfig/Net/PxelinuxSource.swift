/// Where a pxelinux client's files are: the server's tree and the working directory
/// inside it that relative names (and `pxelinux.cfg/`) resolve against.
public struct NetbootOrigin: Sendable, Equatable {
    /// The server: `tftp://10.0.0.1`, `http://10.0.0.2:8080`.
    public var server: RemoteLocation
    /// The working directory, absolute on the server (`/`, `/boot`, `/tcl`).
    public var directory: String

    public init(server: RemoteLocation, directory: String) {
        self.server = server
        self.directory = Path.normalize(directory)
    }
}

/// pxelinux's rules for finding its config, as syslinux documents them
/// (`doc/pxelinux.txt`, wiki "PXELINUX"): the working directory comes from option 210
/// (a path on the TFTP server or a URL), else it is the directory of the boot file
/// (option 67, relative to the boot server); under it `pxelinux.cfg/` is searched for
/// the UUID, `01-<mac>`, the IPv4 address in upper-case hex shortened one digit at a
/// time, then `default`. Option 209 names the one config to read instead.
public enum PxelinuxLookup {
    /// The working directory for `client`; nil when no server is known.
    public static func origin(for client: NetbootClient) -> NetbootOrigin? {
        if let prefix = client.pathPrefix, !prefix.isEmpty {
            if let url = RemoteLocation(url: prefix) {
                return NetbootOrigin(server: RemoteLocation(scheme: url.scheme, authority: url.authority, path: "/"),
                                     directory: url.path)
            }
            guard let tftp = tftpServer(client) else { return nil }
            return NetbootOrigin(server: tftp, directory: Path.resolve(prefix, in: "/"))
        }
        if let file = client.bootFile, let url = RemoteLocation(url: file) {
            return NetbootOrigin(server: RemoteLocation(scheme: url.scheme, authority: url.authority, path: "/"),
                                 directory: Path.directory(of: url.path))
        }
        guard let tftp = tftpServer(client) else { return nil }
        return NetbootOrigin(server: tftp, directory: Path.directory(of: Path.resolve(client.bootFile ?? "", in: "/")))
    }

    /// `tftp://<next-server>`.
    static func tftpServer(_ client: NetbootClient) -> RemoteLocation? {
        guard let server = client.server, !server.isEmpty else { return nil }
        return RemoteLocation(scheme: "tftp", authority: server, path: "/")
    }

    /// The file names tried under `pxelinux.cfg/`, in order.
    public static func configNames(for client: NetbootClient) -> [String] {
        var names: [String] = []
        if let uuid = client.uuid, !uuid.isEmpty { names.append(uuid.lowercased()) }
        if !client.mac.isEmpty { names.append(client.bootIF) }
        if let hex = client.hexIPv4 {
            for length in stride(from: hex.count, through: 1, by: -1) { names.append(String(hex.prefix(length))) }
        }
        names.append("default")
        return names
    }

    /// The config paths tried on the server, in order: option 209 alone when given
    /// (relative to the working directory), else `pxelinux.cfg/<name>` for each name.
    public static func configPaths(for client: NetbootClient, origin: NetbootOrigin) -> [String] {
        if let file = client.configFile, !file.isEmpty {
            return [Path.resolve(file, in: origin.directory)]
        }
        return configNames(for: client).map { Path.resolve("pxelinux.cfg/" + $0, in: origin.directory) }
    }
}

/// A pxelinux server as a source of menus: the first config of the lookup order, read
/// with the syslinux parser over the server's `RemoteTree` (includes, menus and
/// kernels relative to the working directory), with the lease's `SYSAPPEND` words and
/// `LOCALBOOT` entries.
///
/// The volume it scans is the server (see `NetbootVolume`); entries' `fs` is the
/// server URL and their paths are absolute on it (`RemoteTree.url(of:)` makes URLs).
public struct PxelinuxSource: MenuSource {
    /// The lease.
    public var client: NetbootClient
    /// Where the files are (usually `PxelinuxLookup.origin(for: client)`).
    public var origin: NetbootOrigin

    public init(client: NetbootClient, origin: NetbootOrigin) {
        self.client = client
        self.origin = origin
    }

    public var name: String { "pxelinux" }

    /// The menu of the first config found; a menu holding only an error when none is
    /// found or one cannot be fetched for another reason than "not found" (pxelinux
    /// would stop there too, rather than read a less specific config).
    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        let paths = PxelinuxLookup.configPaths(for: client, origin: origin)
        for path in paths {
            if let remote = volume.tree as? RemoteTree, case .failure(let error) = remote.fetch(path) {
                if error.notFound { continue }
                return ConfigMenu(errors: [ConfigError(volume: volume.name, config: path, line: nil,
                                                       message: "cannot fetch \(error.url): \(error.reason)")])
            }
            guard volume.tree.isFile(path) else { continue }
            let location = SyslinuxConfigLocation(path: path, workingDirectory: origin.directory)
            return SyslinuxSource.read(location, volume: volume, dialect: .syslinux, netboot: client)
        }
        let tried = paths.map { Path.basename($0) }.joined(separator: ", ")
        return ConfigMenu(errors: [ConfigError(volume: volume.name, config: Path.resolve("pxelinux.cfg", in: origin.directory),
                                               line: nil, message: "no pxelinux config found (tried \(tried))")])
    }
}

/// The `Volume` a network server is scanned as: named by its URL (`tftp://10.0.0.1`),
/// so entries' `fs` says where their files are.
public enum NetbootVolume {
    /// A volume over `tree` for the interface and server of `client`; its GRUB device
    /// name is `tftp,SERVER` / `http,SERVER`, as GRUB names the server it booted from.
    public static func make(_ tree: RemoteTree, client: NetbootClient) -> Volume {
        let location = RemoteLocation(url: tree.base)
        let device = location.map { "\($0.scheme),\($0.authority)" } ?? tree.base
        return Volume(name: tree.base, tree: tree, fsType: "net", device: client.interface, grubDevice: device)
    }
}
