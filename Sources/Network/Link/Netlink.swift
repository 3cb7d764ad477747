#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetProtocols

/// Link and address configuration through rtnetlink: list links, set them up, wait for
/// carrier, add addresses and the default route. Nothing here shells out to `ip`; the
/// messages are built by `RTNetlinkRequest` (NetProtocols) and read by `RTNetlinkReply`.
public struct Netlink {
    private var socket: RouteSocket

    /// Opens a NETLINK_ROUTE socket.
    public init() throws(SystemError) { socket = try RouteSocket() }

    /// Closes the socket.
    public func close() { socket.close() }

    /// Every link (RTM_GETLINK dump).
    public mutating func links() throws(SystemError) -> [NetworkLink] {
        try socket.dump({ RTNetlinkRequest.getLinks(sequence: $0) }, call: "RTM_GETLINK").compactMap(RTNetlinkReply.link)
    }

    /// The link called `name`, or nil.
    public mutating func link(named name: String) throws(SystemError) -> NetworkLink? {
        try links().first { $0.name == name }
    }

    /// Sets the link administratively up (RTM_NEWLINK with IFF_UP).
    public mutating func setUp(_ link: NetworkLink) throws(SystemError) {
        try socket.perform({ RTNetlinkRequest.setUp(index: link.index, sequence: $0) }, call: "RTM_NEWLINK", object: link.name)
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

    /// Adds (or replaces) an IPv4 address with its lifetime (RTM_NEWADDR); nil lifetime = forever.
    public mutating func addAddress(_ address: DHCPv4.Address, prefixLength: Int, broadcast: DHCPv4.Address?,
                                    on link: NetworkLink, lifetimeSeconds: UInt32?) throws(SystemError) {
        try socket.perform({
            RTNetlinkRequest.addAddress(address, prefixLength: prefixLength, broadcast: broadcast, index: link.index,
                                        lifetime: lifetimeSeconds, sequence: $0)
        }, call: "RTM_NEWADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Adds (or replaces) an IPv6 address, a /128 for a DHCPv6 lease (RTM_NEWADDR).
    public mutating func addAddress(_ address: DHCPv6.Address, prefixLength: Int, on link: NetworkLink,
                                    validSeconds: UInt32?, preferredSeconds: UInt32?) throws(SystemError) {
        try socket.perform({
            RTNetlinkRequest.addAddress(address, prefixLength: prefixLength, index: link.index,
                                        valid: validSeconds, preferred: preferredSeconds, sequence: $0)
        }, call: "RTM_NEWADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Removes an IPv4 address (RTM_DELADDR), when a lease is lost.
    public mutating func removeAddress(_ address: DHCPv4.Address, prefixLength: Int, on link: NetworkLink) throws(SystemError) {
        try socket.perform({
            RTNetlinkRequest.removeAddress(address, prefixLength: prefixLength, index: link.index, sequence: $0)
        }, call: "RTM_DELADDR", object: "\(address)/\(prefixLength) on \(link.name)")
    }

    /// Adds (or replaces) the IPv4 default route through `gateway` (RTM_NEWROUTE).
    public mutating func addDefaultRoute(via gateway: DHCPv4.Address, on link: NetworkLink, onLink: Bool) throws(SystemError) {
        try socket.perform({
            RTNetlinkRequest.addDefaultRoute(via: gateway, index: link.index, onLink: onLink, sequence: $0)
        }, call: "RTM_NEWROUTE", object: "default via \(gateway) dev \(link.name)")
    }

    /// The link's IPv6 link-local address and whether it is still tentative (DAD running),
    /// or nil when it has none yet.
    public mutating func linkLocalAddress(of link: NetworkLink) throws(SystemError) -> (DHCPv6.Address, tentative: Bool)? {
        let replies = try socket.dump({ RTNetlinkRequest.getAddresses(family: RTNL.inet6, sequence: $0) }, call: "RTM_GETADDR")
        for info in replies.compactMap(RTNetlinkReply.address) where info.index == link.index {
            guard let address = DHCPv6.Address(bytes: info.address), address.isLinkLocal,
                  info.flags & RTNL.dadFailed == 0 else { continue }
            return (address, info.flags & RTNL.tentative != 0)
        }
        return nil
    }
}
