/// rtnetlink numbers and flags (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h,
/// linux/if_addr.h, linux/if.h).
public enum RTNL {
    // Address families (linux/socket.h).
    public static let unspecified: UInt8 = 0
    public static let inet: UInt8 = 2
    public static let inet6: UInt8 = 10

    // Message types.
    public static let done: UInt16 = 3
    public static let error: UInt16 = 2
    public static let newLink: UInt16 = 16
    public static let getLink: UInt16 = 18
    public static let newAddress: UInt16 = 20
    public static let deleteAddress: UInt16 = 21
    public static let getAddress: UInt16 = 22
    public static let newRoute: UInt16 = 24

    // NLM_F_*.
    public static let request: UInt16 = 0x1
    public static let acknowledge: UInt16 = 0x4
    public static let dump: UInt16 = 0x300
    public static let replace: UInt16 = 0x100
    public static let create: UInt16 = 0x400

    // IFLA_*.
    public static let linkAddress: UInt16 = 1
    public static let linkName: UInt16 = 3
    public static let linkMTU: UInt16 = 4
    // IFA_*.
    public static let addressAddress: UInt16 = 1
    public static let addressLocal: UInt16 = 2
    public static let addressBroadcast: UInt16 = 4
    public static let addressCacheInfo: UInt16 = 6
    public static let addressFlags: UInt16 = 8
    // RTA_*.
    public static let routeOutput: UInt16 = 4
    public static let routeGateway: UInt16 = 5

    // IFF_*.
    public static let up: UInt32 = 0x1
    public static let loopback: UInt32 = 0x8
    public static let lowerUp: UInt32 = 0x10000
    // IFA_F_*.
    public static let tentative: UInt32 = 0x40
    public static let dadFailed: UInt32 = 0x08
    /// ARPHRD_ETHER.
    public static let ether: UInt16 = 1
    /// RTPROT_DHCP, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_UNIVERSE, RTNH_F_ONLINK.
    public static let protocolDHCP: UInt8 = 16
    public static let tableMain: UInt8 = 254
    public static let unicast: UInt8 = 1
    public static let scopeUniverse: UInt8 = 0
    public static let onLink: UInt32 = 4
}

/// Builds one netlink message: header, family header, attributes (host byte order,
/// attributes padded to 4 bytes as NLMSG_ALIGN/RTA_ALIGN do).
public struct NetlinkBuilder {
    public private(set) var bytes: [UInt8]

    /// Starts a message; `finished()` fills in its length.
    public init(type: UInt16, flags: UInt16, sequence: UInt32) {
        bytes = []
        u32(0)
        u16(type); u16(flags); u32(sequence); u32(0)
    }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v) { bytes += $0 } }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v) { bytes += $0 } }
    public mutating func i32(_ v: Int32) { withUnsafeBytes(of: v) { bytes += $0 } }

    /// Appends an attribute (struct rtattr, the data, padding).
    public mutating func attribute(_ type: UInt16, _ data: [UInt8]) {
        u16(UInt16(4 + data.count)); u16(type)
        bytes += data
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    /// Appends an attribute holding one 32-bit number.
    public mutating func attribute(_ type: UInt16, u32 v: UInt32) { attribute(type, withUnsafeBytes(of: v) { Array($0) }) }

    /// The message with its length filled in.
    public func finished() -> [UInt8] {
        var b = bytes
        withUnsafeBytes(of: UInt32(b.count)) { for i in 0..<4 { b[i] = $0[i] } }
        return b
    }
}

/// One received netlink message.
public struct NetlinkMessage: Equatable, Sendable {
    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    /// The bytes after the 16-byte header.
    public var payload: [UInt8]

    public init(type: UInt16, flags: UInt16, sequence: UInt32, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.payload = payload
    }

    /// Splits a datagram into messages (a truncated one ends the list).
    public static func split(_ data: [UInt8]) -> [NetlinkMessage] {
        var out: [NetlinkMessage] = []
        var at = 0
        while at + 16 <= data.count {
            let len = Int(load(UInt32.self, data, at))
            guard len >= 16, at + len <= data.count else { break }
            out.append(NetlinkMessage(type: load(UInt16.self, data, at + 4), flags: load(UInt16.self, data, at + 6),
                                      sequence: load(UInt32.self, data, at + 8),
                                      payload: Array(data[at + 16..<at + len])))
            at += (len + 3) & ~3
        }
        return out
    }

    /// The attributes after a family header of `headerSize` bytes: type → data (first wins).
    public func attributes(after headerSize: Int) -> [UInt16: [UInt8]] {
        var out: [UInt16: [UInt8]] = [:]
        var at = headerSize
        while at + 4 <= payload.count {
            let len = Int(Self.load(UInt16.self, payload, at))
            let type = Self.load(UInt16.self, payload, at + 2) & 0x3FFF
            guard len >= 4, at + len <= payload.count else { break }
            if out[type] == nil { out[type] = Array(payload[at + 4..<at + len]) }
            at += (len + 3) & ~3
        }
        return out
    }

    /// The errno of an NLMSG_ERROR message (0 = acknowledgement), nil for other messages.
    public var errorCode: Int32? {
        guard type == RTNL.error, payload.count >= 4 else { return nil }
        return -Self.load(Int32.self, payload, 0)
    }

    /// Reads a host-order integer at a byte offset.
    public static func load<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: Int) -> T {
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { raw in
            for i in 0..<MemoryLayout<T>.size { raw[i] = bytes[offset + i] }
        }
        return v
    }
}
