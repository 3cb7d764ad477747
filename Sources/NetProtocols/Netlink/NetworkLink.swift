/// A network interface as rtnetlink reports it.
public struct NetworkLink: Sendable, Equatable {
    /// The interface index (`ip link` number).
    public var index: Int32
    public var name: String
    /// The hardware address (6 bytes for Ethernet).
    public var mac: [UInt8]
    /// ARPHRD_* type; 1 = Ethernet.
    public var hardwareType: UInt16
    /// IFF_* flags.
    public var flags: UInt32
    public var mtu: Int

    /// Whether the interface is administratively up (IFF_UP).
    public var isUp: Bool { flags & RTNL.up != 0 }
    /// Whether the link has carrier (IFF_LOWER_UP).
    public var hasCarrier: Bool { flags & RTNL.lowerUp != 0 }
    public var isLoopback: Bool { flags & RTNL.loopback != 0 }
    /// Ethernet and not loopback: a candidate for DHCP.
    public var isEthernet: Bool { hardwareType == RTNL.ether && !isLoopback && mac.count == 6 }

    /// The MAC as `52:54:00:12:34:56`.
    public var macText: String {
        let digits = Array("0123456789abcdef")
        return mac.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined(separator: ":")
    }
}
