import BootConfig
import Synchronization

/// An in-memory server: files by URL; records every request in order.
final class RecordingFetcher: RemoteFileFetcher {
    private let files: [String: [UInt8]]
    private let failures: [String: RemoteFetchError]
    private let log = Mutex<[String]>([])

    init(_ files: [String: String], failures: [String: RemoteFetchError] = [:]) {
        self.files = files.mapValues { Array($0.utf8) }
        self.failures = failures
    }

    /// The URLs asked for, in order.
    var requests: [String] { log.withLock { $0 } }

    func fetch(_ url: String) throws(RemoteFetchError) -> [UInt8] {
        log.withLock { $0.append(url) }
        if let failure = failures[url] { throw failure }
        guard let data = files[url] else { throw RemoteFetchError(url: url, reason: "file not found", notFound: true) }
        return data
    }
}

enum NetFixtures {
    /// The client of most tests: 10.77.0.5 (0A4D0005), MAC 52:54:00:12:34:56.
    static func client(bootFile: String? = "pxelinux.0", pathPrefix: String? = nil, uuid: String? = nil,
                       configFile: String? = nil) -> NetbootClient {
        NetbootClient(interface: "eth0", mac: [0x52, 0x54, 0x00, 0x12, 0x34, 0x56], ipv4: "10.77.0.5",
                      netmask: "255.255.255.0", gateway: "10.77.0.1", server: "10.77.0.2", uuid: uuid,
                      bootFile: bootFile, configFile: configFile, pathPrefix: pathPrefix, hostname: "node1")
    }

    /// Scans the pxelinux server of `client` whose files `fetcher` serves.
    static func scanPxelinux(_ client: NetbootClient, _ fetcher: RecordingFetcher) -> (ConfigMenu, RemoteTree)? {
        guard let origin = PxelinuxLookup.origin(for: client) else { return nil }
        let tree = RemoteTree(base: origin.server, fetcher: fetcher)
        let volume = NetbootVolume.make(tree, client: client)
        let menu = PxelinuxSource(client: client, origin: origin)
            .scan(volume, context: ScanContext(volumes: [volume]), state: ScanState())
        return menu.map { ($0, tree) }
    }
}
