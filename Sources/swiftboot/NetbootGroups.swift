#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import BootMenu
import LinuxSystem
import NetProtocols
import Network
import Synchronization

/// One interface's netboot as the menu shows it: a group of entries titled
/// `eth0 · 52:54:00:12:34:56 · tftp://10.0.0.1`, or a failure in its place.
struct NetbootGroup: Sendable {
    var interface: String
    var mac: String
    /// The group's heading, which is also its entries' `configVolume`.
    var title: String
    /// The volume entries name by `fs` (the server), when the lease named one.
    var volume: Volume?
    var menu: ConfigMenu
    /// The lease as details lines.
    var notes: [String]
    /// Why there are no entries (no carrier, no lease, a config that failed); nil while fetching.
    var failure: String?
    var finished: Bool

    /// The device line the menu shows above the group's entries.
    var device: MenuDevice {
        var d = MenuDevice(name: title)
        d.notes = notes
        if !finished { d.notice = "fetching..." } else if let failure { d.notice = "error: " + failure }
        return d
    }
}

/// Runs DHCP and the netboot scan on each selected interface in a thread of its own, so
/// disk discovery and the menu never wait for a server; reports each result through a pipe
/// the menu session watches.
final class NetbootGroups: @unchecked Sendable {
    private let state = Mutex<[NetbootGroup]>([])
    private let transport: NetbootTransport
    /// Read end: readable whenever a group changed.
    let wakeFD: Int32
    private let writeFD: Int32

    init(transport: NetbootTransport) {
        self.transport = transport
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeFD = fds[0]
        writeFD = fds[1]
    }

    /// The groups, in interface order.
    var groups: [NetbootGroup] { state.withLock { $0 } }

    /// Whether every interface has finished (a lease and scan, or a failure).
    var finished: Bool { state.withLock { $0.allSatisfy(\.finished) } }

    /// Empties the wake-up pipe.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
    }

    /// The interfaces `selection` names: every wired link with a MAC for `auto`.
    static func links(_ selection: KernelOptions.NetSelection) -> [NetworkLink] {
        if selection == .off { return [] }
        do {
            var netlink = try Netlink()
            defer { netlink.close() }
            switch selection {
            case .off: return []
            case .auto: return try NetCommand.selectLinks([], netlink: &netlink)
            case .interfaces(let names):
                let all = try netlink.links()
                var out: [NetworkLink] = []
                for name in names {
                    if let l = all.first(where: { $0.name == name }) { out.append(l) } else {
                        Log.error("net: swiftboot.net names \(name), which is no network interface here")
                    }
                }
                return out
            }
        } catch {
            Log.error("net: netlink: \(error)")
            return []
        }
    }

    /// Starts one thread per link; each runs carrier + DHCP within `timeout` seconds, then
    /// the netboot scan of its lease.
    func start(_ links: [NetworkLink], timeout: Int) {
        state.withLock { groups in
            groups = links.map {
                NetbootGroup(interface: $0.name, mac: $0.macText, title: "\($0.name) · \($0.macText)", volume: nil,
                             menu: ConfigMenu(), notes: [], failure: nil, finished: false)
            }
        }
        for (index, link) in links.enumerated() {
            Log.info("net: \(link.name) \(link.macText): DHCP (timeout \(timeout) s)")
            BackgroundThread.start { [self] in
                let group = Self.run(link, timeout: timeout, transport: transport)
                state.withLock { $0[index] = group }
                var byte: UInt8 = 1
                _ = write(writeFD, &byte, 1)
            }
        }
    }

    /// DHCPv4 (then DHCPv6 when v4 named no boot file), the lease as a client, the scan.
    static func run(_ link: NetworkLink, timeout: Int, transport: NetbootTransport) -> NetbootGroup {
        var group = NetbootGroup(interface: link.name, mac: link.macText, title: "\(link.name) · \(link.macText)",
                                 volume: nil, menu: ConfigMenu(), notes: [], failure: nil, finished: true)
        let start = MonotonicTime.milliseconds()
        var client = NetbootClient(interface: link.name, mac: link.mac, uuid: smbiosUUIDText())
        var v4Error: String?
        do {
            var netlink = try Netlink()
            defer { netlink.close() }
            var options = NetCommand.Options()
            options.timeout = UInt64(timeout)
            do {
                let (lease, _) = try NetCommand.configure(link, options: options, netlink: &netlink)
                Log.info("net: \(link.name): \(lease.address)/\(lease.prefixLength) from \(lease.serverIdentifier), boot file \(lease.bootFile ?? "(none)")")
                apply(lease, to: &client)
                group.notes = notes(lease)
                transport.resolver?.learn(servers: lease.dnsServers.map(\.description), domain: lease.domainName)
            } catch {
                v4Error = "\(error)"
            }
            if client.bootFile == nil {
                let used = (MonotonicTime.milliseconds() - start) / 1000
                let left = UInt64(timeout) > used ? UInt64(timeout) - used : 0
                if left > 0, let lease6 = try? dhcpv6Lease(link, timeout: left, netlink: &netlink),
                   let url = lease6.bootFileURL {
                    transport.resolver?.learn(servers: lease6.dnsServers.map(\.description), domain: nil)
                    Log.info("net: \(link.name): DHCPv6 boot file URL \(url)")
                    client.bootFile = url
                    group.notes.append("DHCPv6 boot file URL \(url)")
                }
            }
        } catch {
            v4Error = "netlink: \(error)"
        }
        guard client.bootFile != nil else {
            group.failure = v4Error ?? "\(link.name): the lease names no boot file"
            Log.error("net: \(group.failure!)")
            return group
        }
        guard let url = NetbootSource.bootFileURL(client), let location = RemoteLocation(url: url) else {
            group.failure = "\(link.name): the lease names no boot file and server"
            Log.error("net: \(group.failure!)")
            return group
        }
        group.title = "\(link.name) · \(link.macText) · \(location.base)"
        let source = NetbootSource(client: client, fetcher: transport)
        let volume = NetbootTree.volume(base: location, transport: transport)
        let placeholder = Volume(name: group.title, tree: volume.tree, grubDevice: volume.grubDevice)
        let context = ScanContext(volumes: [])
        var menu = source.scan(placeholder, context: context, state: ScanState()) ?? ConfigMenu()
        for e in menu.errors { Log.error("net: \(link.name): \(e.description)") }
        for i in menu.entries.indices { menu.entries[i].configVolume = group.title }
        group.menu = menu
        group.volume = volume
        if menu.entries.isEmpty {
            group.failure = menu.errors.first.map { "\(link.name): \($0.message)" } ?? "\(link.name): \(url) gave no boot entries"
        }
        Log.info("net: \(group.title): \(menu.entries.count) entries")
        return group
    }

    /// DHCPv6 on `link`, for its boot-file URL (option 59) and DNS servers (option 23).
    static func dhcpv6Lease(_ link: NetworkLink, timeout: UInt64, netlink: inout Netlink) throws -> DHCPv6.Lease {
        let identity = DHCPv6.Identity(mac: link.mac, iaid: UInt32(bitPattern: link.index), architecture: 7)
        let session = DHCPv6Session(link: link, identity: identity, configuration: .init(timeout: timeout * 1000))
        return try session.acquire(netlink: &netlink, timeout: timeout * 1000)
    }

    /// The DHCPv4 lease as the config formats' client.
    static func apply(_ lease: DHCPv4.Lease, to client: inout NetbootClient) {
        client.ipv4 = lease.address.description
        let mask: UInt32 = lease.prefixLength == 0 ? 0 : ~UInt32(0) << UInt32(32 - lease.prefixLength)
        client.netmask = "\(mask >> 24).\((mask >> 16) & 255).\((mask >> 8) & 255).\(mask & 255)"
        client.gateway = lease.routers.first?.description
        client.server = lease.tftpServerName ?? lease.nextServer?.description ?? lease.serverIdentifier.description
        client.bootFile = lease.bootFile.flatMap { $0.isEmpty ? nil : $0 }
        client.configFile = lease.pxeConfigFile
        client.pathPrefix = lease.pxePathPrefix
        client.hostname = lease.hostName
        client.domain = lease.domainName
    }

    /// The lease as lines of the details screen.
    static func notes(_ l: DHCPv4.Lease) -> [String] {
        var out = ["address \(l.address)/\(l.prefixLength) from \(l.serverIdentifier)"]
        if let r = l.routers.first { out.append("router \(r)") }
        if !l.dnsServers.isEmpty { out.append("dns \(l.dnsServers.map(\.description).joined(separator: " "))") }
        if let s = l.leaseSeconds { out.append("lease \(s) s") }
        if let n = l.nextServer { out.append("next-server \(n)") }
        if let f = l.bootFile { out.append("boot file \(f)") }
        if let c = l.pxeConfigFile { out.append("pxelinux config \(c)") }
        if let p = l.pxePathPrefix { out.append("pxelinux prefix \(p)") }
        if let p = l.proxyServer { out.append("boot data from proxy-DHCP \(p)") }
        return out
    }

    /// `/sys/class/dmi/id/product_uuid`, lower-case, when the firmware has one.
    static func smbiosUUIDText() -> String? {
        guard let text = try? FileSystem.readText(MachineIdentity.productUUIDPath) else { return nil }
        let uuid = String(text.filter { !$0.isWhitespace }).lowercased()
        return uuid.isEmpty ? nil : uuid
    }
}

/// A detached POSIX thread running a closure (no Foundation in the PID-1 binary).
enum BackgroundThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    static func start(_ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let r = pthread_create(&thread, nil, { arg in
            let body = Unmanaged<Body>.fromOpaque(arg!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        if r != 0 {
            Unmanaged<Body>.fromOpaque(box).release()
            body()
            return
        }
        pthread_detach(thread)
    }
}
