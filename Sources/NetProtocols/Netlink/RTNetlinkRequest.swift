/// The rtnetlink requests swiftboot sends, as bytes (the socket is the system layer's).
public enum RTNetlinkRequest {
    /// RTM_GETLINK dump: every link.
    public static func getLinks(sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.getLink, flags: RTNL.request | RTNL.dump, sequence: sequence)
        ifinfo(&b, index: 0, flags: 0, change: 0)
        return b.finished()
    }

    /// RTM_NEWLINK setting IFF_UP (in flags and change) on link `index`.
    public static func setUp(index: Int32, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.newLink, flags: RTNL.request | RTNL.acknowledge, sequence: sequence)
        ifinfo(&b, index: index, flags: RTNL.up, change: RTNL.up)
        return b.finished()
    }

    /// RTM_NEWADDR (create or replace) of an IPv4 address with broadcast and, for a lease,
    /// its valid and preferred lifetime (IFA_CACHEINFO); nil = forever.
    public static func addAddress(_ a: DHCPv4.Address, prefixLength: Int, broadcast: DHCPv4.Address?,
                                  index: Int32, lifetime: UInt32?, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.newAddress,
                               flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: sequence)
        ifaddr(&b, family: RTNL.inet, prefixLength: prefixLength, index: index)
        b.attribute(RTNL.addressLocal, a.bytes)
        b.attribute(RTNL.addressAddress, a.bytes)
        if prefixLength < 31 {
            let host: UInt32 = prefixLength >= 32 ? 0 : ~UInt32(0) >> UInt32(prefixLength)
            b.attribute(RTNL.addressBroadcast, (broadcast ?? DHCPv4.Address(a.value | host)).bytes)
        }
        if let lifetime { cacheInfo(&b, preferred: lifetime, valid: lifetime) }
        return b.finished()
    }

    /// RTM_NEWADDR (create or replace) of an IPv6 address with its lifetimes; nil = forever.
    public static func addAddress(_ a: DHCPv6.Address, prefixLength: Int, index: Int32,
                                  valid: UInt32?, preferred: UInt32?, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.newAddress,
                               flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: sequence)
        ifaddr(&b, family: RTNL.inet6, prefixLength: prefixLength, index: index)
        b.attribute(RTNL.addressLocal, a.bytes)
        b.attribute(RTNL.addressAddress, a.bytes)
        if let valid { cacheInfo(&b, preferred: preferred ?? valid, valid: valid) }
        return b.finished()
    }

    /// RTM_DELADDR of an IPv4 address.
    public static func removeAddress(_ a: DHCPv4.Address, prefixLength: Int, index: Int32, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.deleteAddress, flags: RTNL.request | RTNL.acknowledge, sequence: sequence)
        ifaddr(&b, family: RTNL.inet, prefixLength: prefixLength, index: index)
        b.attribute(RTNL.addressLocal, a.bytes)
        return b.finished()
    }

    /// RTM_NEWROUTE (create or replace): IPv4 default route via `gateway` out of link
    /// `index`, main table, protocol dhcp; `onLink` when the gateway is outside the prefix.
    public static func addDefaultRoute(via gateway: DHCPv4.Address, index: Int32, onLink: Bool, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.newRoute,
                               flags: RTNL.request | RTNL.acknowledge | RTNL.create | RTNL.replace, sequence: sequence)
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
        b.u8(RTNL.inet); b.u8(0); b.u8(0); b.u8(0)
        b.u8(RTNL.tableMain); b.u8(RTNL.protocolDHCP); b.u8(RTNL.scopeUniverse); b.u8(RTNL.unicast)
        b.u32(onLink ? RTNL.onLink : 0)
        b.attribute(RTNL.routeGateway, gateway.bytes)
        b.attribute(RTNL.routeOutput, u32: UInt32(bitPattern: index))
        return b.finished()
    }

    /// RTM_GETADDR dump of one family's addresses.
    public static func getAddresses(family: UInt8, sequence: UInt32) -> [UInt8] {
        var b = NetlinkBuilder(type: RTNL.getAddress, flags: RTNL.request | RTNL.dump, sequence: sequence)
        ifaddr(&b, family: family, prefixLength: 0, index: 0)
        return b.finished()
    }

    /// struct ifinfomsg: family, pad, type, index, flags, change.
    private static func ifinfo(_ b: inout NetlinkBuilder, index: Int32, flags: UInt32, change: UInt32) {
        b.u8(RTNL.unspecified); b.u8(0); b.u16(0); b.i32(index); b.u32(flags); b.u32(change)
    }

    /// struct ifaddrmsg: family, prefix length, flags, scope, index.
    private static func ifaddr(_ b: inout NetlinkBuilder, family: UInt8, prefixLength: Int, index: Int32) {
        b.u8(family); b.u8(UInt8(prefixLength)); b.u8(0); b.u8(RTNL.scopeUniverse); b.u32(UInt32(bitPattern: index))
    }

    /// struct ifa_cacheinfo: preferred, valid, cstamp, tstamp.
    private static func cacheInfo(_ b: inout NetlinkBuilder, preferred: UInt32, valid: UInt32) {
        var info: [UInt8] = []
        for v in [preferred, valid, UInt32(0), UInt32(0)] { withUnsafeBytes(of: v) { info += $0 } }
        b.attribute(RTNL.addressCacheInfo, info)
    }
}

/// Reading rtnetlink replies.
public enum RTNetlinkReply {
    /// The link an RTM_NEWLINK message describes.
    public static func link(_ m: NetlinkMessage) -> NetworkLink? {
        guard m.type == RTNL.newLink, m.payload.count >= 16 else { return nil }
        let attrs = m.attributes(after: 16)
        guard let name = attrs[RTNL.linkName] else { return nil }
        return NetworkLink(index: NetlinkMessage.load(Int32.self, m.payload, 4),
                           name: String(decoding: name.prefix { $0 != 0 }, as: UTF8.self),
                           mac: attrs[RTNL.linkAddress] ?? [],
                           hardwareType: NetlinkMessage.load(UInt16.self, m.payload, 2),
                           flags: NetlinkMessage.load(UInt32.self, m.payload, 8),
                           mtu: attrs[RTNL.linkMTU].map { Int(NetlinkMessage.load(UInt32.self, $0, 0)) } ?? 0)
    }

    /// An address from an RTM_NEWADDR message.
    public struct AddressInfo: Equatable, Sendable {
        public var family: UInt8
        public var prefixLength: Int
        public var index: Int32
        /// IFA_F_* (the 32-bit IFA_FLAGS attribute when present).
        public var flags: UInt32
        public var address: [UInt8]
    }

    public static func address(_ m: NetlinkMessage) -> AddressInfo? {
        guard m.type == RTNL.newAddress, m.payload.count >= 8 else { return nil }
        let attrs = m.attributes(after: 8)
        guard let raw = attrs[RTNL.addressAddress] ?? attrs[RTNL.addressLocal] else { return nil }
        let flags = attrs[RTNL.addressFlags].map { NetlinkMessage.load(UInt32.self, $0, 0) } ?? UInt32(m.payload[2])
        return AddressInfo(family: m.payload[0], prefixLength: Int(m.payload[1]),
                           index: NetlinkMessage.load(Int32.self, m.payload, 4), flags: flags, address: raw)
    }
}
