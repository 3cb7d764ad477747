#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetProtocols

/// Link and address configuration through rtnetlink: list links, set them up, wait for
/// carrier, add addresses and the default route. Nothing here shells out to `ip`.
public struct Netlink {
    private var socket: RouteSocket

    /// Opens a NETLINK_ROUTE socket.
    public init() throws(SystemError) { socket = try RouteSocket() }

    /// Closes the socket.
    public func close() { socket.close() }

    /// Every link (RTM_GETLINK dump).
    public mutating func links() throws(SystemError) -> [NetworkLink] {
        let replies = try socket.dump({ seq in
            var b = NetlinkBuilder(type: RTNL.getLink, flags: RTNL.request | RTNL.dump, sequence: seq)
            b.u8(UInt8(AF_UNSPEC)); b.u8(0); b.u16(0); b.i32(0); b.u32(0); b.u32(0)
            return b.finished()
        }, call: "RTM_GETLINK")
        return replies.compactMap(Self.link)
    }

    /// The link called `name`, or nil.
    public mutating func link(named name: String) throws(SystemError) -> NetworkLink? {
        try links().first { $0.name == name }
    }

    /// Sets the link administratively up (RTM_NEWLINK with IFF_UP in flags and change).
    public mutating func setUp(_ link: NetworkLink) throws(SystemError) {
        try socket.perform({ seq in
            var b = NetlinkBuilder(type: RTNL.newLink, flags: RTNL.request | RTNL.acknowledge, sequence: seq)
            b.u8(UInt8(AF_UNSPEC)); b.u8(0); b.u16(0); b.i32(link.index); b.u32(RTNL.up); b.u32(RTNL.up)
            return b.finished()
        }, call: "RTM_NEWLINK", object: link.name)
    }

    /// Waits until the link has carrier, at most `timeout` milliseconds; returns the link
    /// as last seen and whether it has carrier.
    public mutating func waitForCarrier(_ link: NetworkLink, timeout: UInt64) throws(SystemError) -> (NetworkLink, Bool) {
        let end = MonotonicTime.milliseconds() + timeout
        var current = link
        while true {
            if let l = try links().first(where: { $0.index == link.index }) { current = l }
            if current.hasCarrier { return (current, true) }
            if MonotonicTime.milliseconds() >= end { return (current, false) }
            usleep(50_000)
        }
    }

    /// Adds (or replaces) an IPv4 address with its lifetimes (RTM_NEWADDR); nil lifetime = forever.
    public mutating func addAddress(_ address: DHCPv4.Address, prefixLength: Int, broadcast: DHCPv4.Address?,
                                    on link: NetworkLink, lifetimeSeconds: UInt32?) throws(SystemError) {
        try socket.perform({ seq in
            var b = NetlinkBuilder(type: RTNL.newAddress,
                                   flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: seq)
            b.u8(UInt8(AF_INET)); b.u8(UInt8(prefixLength)); b.u8(0); b.u8(RTNL.scopeUniverse); b.u32(UInt32(link.index))
            b.attribute(RTNL.addressLocal, address.bytes)
            b.attribute(RTNL.addressAddress, address.bytes)
            let bcast = broadcast ?? DHCPv4.Address(address.value | (prefixLength >= 32 ? 0 : ~UInt32(0) >> UInt32(prefixLength)))
            if prefixLength < 31 { b.attribute(RTNL.addressBroadcast, bcast.bytes) }
            Self.cacheInfo(&b, lifetimeSeconds)
            return b.finished()
        }, call: "RTM_NEWADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Adds (or replaces) an IPv6 address, a /128 for a DHCPv6 lease (RTM_NEWADDR).
    public mutating func addAddress(_ address: DHCPv6.Address, prefixLength: Int, on link: NetworkLink,
                                    validSeconds: UInt32?, preferredSeconds: UInt32?) throws(SystemError) {
        try socket.perform({ seq in
            var b = NetlinkBuilder(type: RTNL.newAddress,
                                   flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: seq)
            b.u8(UInt8(AF_INET6)); b.u8(UInt8(prefixLength)); b.u8(0); b.u8(RTNL.scopeUniverse); b.u32(UInt32(link.index))
            b.attribute(RTNL.addressLocal, address.bytes)
            b.attribute(RTNL.addressAddress, address.bytes)
            if let validSeconds {
                var info: [UInt8] = []
                for v in [preferredSeconds ?? validSeconds, validSeconds, 0, 0] { withUnsafeBytes(of: v) { info += $0 } }
                b.attribute(RTNL.addressCacheInfo, info)
            }
            return b.finished()
        }, call: "RTM_NEWADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Removes an IPv4 address (RTM_DELADDR), when a lease is lost.
    public mutating func removeAddress(_ address: DHCPv4.Address, prefixLength: Int, on link: NetworkLink) throws(SystemError) {
        try socket.perform({ seq in
            var b = NetlinkBuilder(type: RTNL.deleteAddress, flags: RTNL.request | RTNL.acknowledge, sequence: seq)
            b.u8(UInt8(AF_INET)); b.u8(UInt8(prefixLength)); b.u8(0); b.u8(0); b.u32(UInt32(link.index))
            b.attribute(RTNL.addressLocal, address.bytes)
            return b.finished()
        }, call: "RTM_DELADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Adds (or replaces) the IPv4 default route through `gateway` (RTM_NEWROUTE, protocol
    /// dhcp, main table); a gateway outside the link's prefix is marked on-link.
    public mutating func addDefaultRoute(via gateway: DHCPv4.Address, on link: NetworkLink, onLink: Bool) throws(SystemError) {
        try socket.perform({ seq in
            var b = NetlinkBuilder(type: RTNL.newRoute,
                                   flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: seq)
            b.u8(UInt8(AF_INET)); b.u8(0); b.u8(0); b.u8(0)
            b.u8(RTNL.tableMain); b.u8(RTNL.protocolDHCP); b.u8(RTNL.scopeUniverse); b.u8(RTNL.unicast)
            b.u32(onLink ? 4 : 0)   // RTNH_F_ONLINK
            b.attribute(RTNL.routeGateway, gateway.bytes)
            b.attribute(RTNL.routeOutput, u32: UInt32(link.index))
            return b.finished()
        }, call: "RTM_NEWROUTE", object: "default via \(gateway) dev \(link.name)")
    }

    /// The link's IPv6 link-local address and whether it is still tentative (DAD running),
    /// or nil when it has none yet.
    public mutating func linkLocalAddress(of link: NetworkLink) throws(SystemError) -> (DHCPv6.Address, tentative: Bool)? {
        let replies = try socket.dump({ seq in
            var b = NetlinkBuilder(type: RTNL.getAddress, flags: RTNL.request | RTNL.dump, sequence: seq)
            b.u8(UInt8(AF_INET6)); b.u8(0); b.u8(0); b.u8(0); b.u32(0)
            return b.finished()
        }, call: "RTM_GETADDR")
        for m in replies where m.type == RTNL.newAddress && m.payload.count >= 8 {
            guard load(UInt32.self, m.payload, 4) == UInt32(link.index) else { continue }
            let attrs = m.attributes(after: 8)
            guard let raw = attrs[RTNL.addressAddress] ?? attrs[RTNL.addressLocal],
                  let address = DHCPv6.Address(bytes: raw), address.isLinkLocal else { continue }
            let flags = attrs[RTNL.addressFlags].map { load(UInt32.self, $0, 0) } ?? UInt32(m.payload[2])
            if flags & RTNL.dadFailed != 0 { continue }
            return (address, flags & RTNL.tentative != 0)
        }
        return nil
    }

    private static func cacheInfo(_ b: inout NetlinkBuilder, _ lifetime: UInt32?) {
        guard let lifetime else { return }
        var info: [UInt8] = []
        for v in [lifetime, lifetime, UInt32(0), UInt32(0)] { withUnsafeBytes(of: v) { info += $0 } }
        b.attribute(RTNL.addressCacheInfo, info)
    }

    private static func link(_ m: NetlinkMessage) -> NetworkLink? {
        guard m.type == RTNL.newLink, m.payload.count >= 16 else { return nil }
        let attrs = m.attributes(after: 16)
        guard let nameBytes = attrs[RTNL.linkName] else { return nil }
        return NetworkLink(index: load(Int32.self, m.payload, 4),
                           name: String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self),
                           mac: attrs[RTNL.linkAddress] ?? [],
                           hardwareType: load(UInt16.self, m.payload, 2),
                           flags: load(UInt32.self, m.payload, 8),
                           mtu: attrs[RTNL.linkMTU].map { Int(load(UInt32.self, $0, 0)) } ?? 0)
    }
}
