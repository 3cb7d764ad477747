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
    /// The leases' times (obtained, renewed, end) for the details screen.
    var leases: [LeaseTimes] = []
    /// A lease lost while the menu is open (shown under the heading; the entries stay).
    var leaseNotice: String?
    /// Why there are no entries (no carrier, no lease, a config that failed); nil while fetching.
    var failure: String?
    var finished: Bool

    /// The device line the menu shows above the group's entries.
    var device: MenuDevice {
        var d = MenuDevice(name: title)
        d.notes = notes
        d.leases = leases
        if !finished {
            d.notice = "fetching..."
        } else if let failure {
            d.notice = "error: " + failure
        } else if let leaseNotice {
            d.notice = leaseNotice
        }
        return d
    }

    /// The group after a change to one of its leases while the menu is open.
    mutating func apply(_ e: LeaseEvent) {
        let name = "\(e.family) \(e.address)"
        let at = Int64(e.at)
        let index = leases.firstIndex { $0.name.hasPrefix(e.family + " ") }
        switch e.kind {
        case .renewed:
            let old = index.map { leases[$0] } ?? LeaseTimes(name: name, obtainedAt: at)
            let renewed = old.renewed(at: at, seconds: e.seconds, renewalSeconds: e.renewalSeconds)
            if let index { leases[index] = renewed } else { leases.append(renewed) }
            leaseNotice = nil
        case .acquired:
            let fresh = LeaseTimes(name: name, obtainedAt: at, endsAt: e.seconds.map { at + Int64($0) * 1000 },
                                   renewsAt: e.renewalSeconds.map { at + Int64($0) * 1000 })
            if let index { leases[index] = fresh } else { leases.append(fresh) }
            leaseNotice = nil
        case .lost(let cause):
            if let index { leases.remove(at: index) }
            leaseNotice = "error: \(interface): \(e.family) lease \(e.address) lost (\(cause)); asking again"
        case .failed(let reason):
            leaseNotice = "error: \(interface): \(e.family) lease lost, none again: \(reason)"
        }
    }
}

/// Runs DHCP and the netboot scan on each selected interface in a thread of its own, so
/// disk discovery and the menu never wait for a server; reports each result through a pipe
/// the menu session watches.
final class NetbootGroups: @unchecked Sendable {
    private let state = Mutex<[NetbootGroup]>([])
    /// The running lease keepers, and whether `stop` was called (no new keeper starts then).
    private let keepers = Mutex<(running: [LeaseKeeper], stopped: Bool)>(([], false))
    private let transport: NetbootTransport
    /// Read end: readable whenever a group changed.
    let wakeFD: Int32
    private let writeFD: Int32

    init(transport: NetbootTransport) {
        self.transport = transport
        (wakeFD, writeFD) = WakePipe.make() ?? (-1, -1)
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
                let (group, keeper) = Self.run(link, timeout: timeout, transport: transport)
                state.withLock { $0[index] = group }
                wake()
                guard let keeper else { return }
                // The same thread keeps the leases until the hand-off (or until none is left).
                let admitted = keepers.withLock { k -> Bool in
                    if k.stopped { return false }
                    k.running.append(keeper)
                    return true
                }
                guard admitted else { return }
                keeper.run { event in
                    self.log(event, interface: link.name)
                    self.state.withLock { $0[index].apply(event) }
                    self.wake()
                }
            }
        }
    }

    /// Stops renewing at hand-off: once this returns no interface thread sends anything;
    /// their sockets are closed (each waited for at most 1 s).
    func stop() {
        let running = keepers.withLock { k -> [LeaseKeeper] in
            k.stopped = true
            return k.running
        }
        for k in running where !k.stop(timeout: 1000) {
            Log.error("net: a lease thread did not close its sockets within 1 s")
        }
        if !running.isEmpty { Log.info("net: lease renewal stopped on \(running.count) interface(s)") }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// One log line per change to a lease: `net: eth0: lease 10.77.0.50 renewed from 10.77.0.1 for 120 s`.
    private func log(_ e: LeaseEvent, interface: String) {
        let length = e.seconds.map { "\($0) s" } ?? "ever"
        switch e.kind {
        case .renewed:
            Log.info("net: \(interface): lease \(e.address) renewed from \(e.server) for \(length)")
        case .acquired:
            Log.info("net: \(interface): \(e.family) lease \(e.address) from \(e.server) for \(length) (after losing the last one)")
        case .lost(let cause):
            Log.error("net: \(interface): \(e.family) lease \(e.address) lost (\(cause)): address removed, asking again")
        case .failed(let reason):
            Log.error("net: \(interface): \(e.family) lease lost and none again: \(reason)")
        }
    }

    /// DHCPv4 (then DHCPv6 when v4 named no boot file), the lease as a client, the scan; the
    /// sessions that hold a lease come back in a keeper, to renew them while the menu is open.
    static func run(_ link: NetworkLink, timeout: Int, transport: NetbootTransport) -> (NetbootGroup, LeaseKeeper?) {
        var v4: DHCPv4Session?
        var v6: DHCPv6Session?
        let group = scan(link, timeout: timeout, transport: transport, v4: &v4, v6: &v6)
        guard v4 != nil || v6 != nil else { return (group, nil) }
        return (group, LeaseKeeper(interface: link.name, v4: v4, v6: v6))
    }

    /// The group of `link`: carrier, DHCPv4 (DHCPv6 in the time left when the v4 lease names
    /// no boot file), then the netboot scan; `session4`/`session6` get the sessions that bound
    /// a lease, their sockets still open.
    static func scan(_ link: NetworkLink, timeout: Int, transport: NetbootTransport,
                     v4 session4: inout DHCPv4Session?, v6 session6: inout DHCPv6Session?) -> NetbootGroup {
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
                let (session, _) = try NetCommand.sessions(link, options: options, netlink: &netlink)
                let lease = session.lease!
                session4 = session
                group.leases.append(leaseTimes(lease))
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
                if left > 0, let session = try? dhcpv6Session(link, timeout: left, netlink: &netlink) {
                    session6 = session
                    let lease = session.lease!
                    group.leases.append(leaseTimes(lease))
                    transport.resolver?.learn(servers: lease.dnsServers.map(\.description), domain: nil)
                    if let url = lease.bootFileURL {
                        Log.info("net: \(link.name): DHCPv6 boot file URL \(url)")
                        client.bootFile = url
                        group.notes.append("DHCPv6 boot file URL \(url)")
                    }
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

    /// DHCPv6 on `link` (an address, the boot-file URL of option 59, DNS servers of option 23);
    /// the session keeps its socket for renewal.
    static func dhcpv6Session(_ link: NetworkLink, timeout: UInt64, netlink: inout Netlink) throws -> DHCPv6Session {
        let identity = DHCPv6.Identity(mac: link.mac, iaid: UInt32(bitPattern: link.index), architecture: 7)
        let session = DHCPv6Session(link: link, identity: identity, configuration: .init(timeout: timeout * 1000))
        _ = try session.acquire(netlink: &netlink, timeout: timeout * 1000)
        return session
    }

    /// A fresh DHCPv4 lease's times, from now.
    static func leaseTimes(_ l: DHCPv4.Lease) -> LeaseTimes {
        let now = Int64(MonotonicTime.milliseconds())
        return LeaseTimes(name: "DHCPv4 \(l.address)", obtainedAt: now,
                          endsAt: l.leaseSeconds.map { now + Int64($0) * 1000 },
                          renewsAt: l.renewalSeconds.map { now + Int64($0) * 1000 })
    }

    /// A fresh DHCPv6 lease's times, from now.
    static func leaseTimes(_ l: DHCPv6.Lease) -> LeaseTimes {
        let now = Int64(MonotonicTime.milliseconds())
        let infinite = l.validSeconds == 0xFFFF_FFFF
        return LeaseTimes(name: "DHCPv6 \(l.address)", obtainedAt: now,
                          endsAt: infinite ? nil : now + Int64(l.validSeconds) * 1000,
                          renewsAt: infinite ? nil : now + Int64(l.renewalSeconds) * 1000)
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
