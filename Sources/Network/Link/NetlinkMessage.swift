/// rtnetlink message numbers and flags (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h).
enum RTNL {
    static let done: UInt16 = 3
    static let error: UInt16 = 2
    static let newLink: UInt16 = 16
    static let getLink: UInt16 = 18
    static let newAddress: UInt16 = 20
    static let deleteAddress: UInt16 = 21
    static let getAddress: UInt16 = 22
    static let newRoute: UInt16 = 24

    static let request: UInt16 = 0x1
    static let acknowledge: UInt16 = 0x4
    static let dump: UInt16 = 0x300
    static let replace: UInt16 = 0x100
    static let create: UInt16 = 0x400

    // IFLA_*
    static let linkAddress: UInt16 = 1
    static let linkName: UInt16 = 3
    static let linkMTU: UInt16 = 4
    static let linkOperState: UInt16 = 16
    static let linkCarrier: UInt16 = 33
    // IFA_*
    static let addressAddress: UInt16 = 1
    static let addressLocal: UInt16 = 2
    static let addressBroadcast: UInt16 = 4
    static let addressCacheInfo: UInt16 = 6
    static let addressFlags: UInt16 = 8
    // RTA_*
    static let routeDestination: UInt16 = 1
    static let routeOutput: UInt16 = 4
    static let routeGateway: UInt16 = 5
    static let routePriority: UInt16 = 6

    // IFF_*
    static let up: UInt32 = 0x1
    static let loopback: UInt32 = 0x8
    static let lowerUp: UInt32 = 0x10000
    // IFA_F_*
    static let tentative: UInt32 = 0x40
    static let dadFailed: UInt32 = 0x08
    // ARPHRD_ETHER
    static let ether: UInt16 = 1
    // RTPROT_DHCP, RT_TABLE_MAIN, RTN_UNICAST, RT_SCOPE_*
    static let protocolDHCP: UInt8 = 16
    static let tableMain: UInt8 = 254
    static let unicast: UInt8 = 1
    static let scopeUniverse: UInt8 = 0
    static let scopeLink: UInt8 = 253
}

/// Builds one netlink message: header, family header, attributes (native byte order,
/// attributes padded to 4 bytes as NLMSG_ALIGN/RTA_ALIGN do).
struct NetlinkBuilder {
    private(set) var bytes: [UInt8]

    init(type: UInt16, flags: UInt16, sequence: UInt32) {
        bytes = []
        u32(0)          // nlmsg_len, set by `finished`
        u16(type); u16(flags); u32(sequence); u32(0)
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v) { bytes += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v) { bytes += $0 } }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v) { bytes += $0 } }

    /// Appends an attribute (struct rtattr + data + padding).
    mutating func attribute(_ type: UInt16, _ data: [UInt8]) {
        u16(UInt16(4 + data.count)); u16(type)
        bytes += data
        pad()
    }

    mutating func attribute(_ type: UInt16, u32 v: UInt32) { attribute(type, withUnsafeBytes(of: v) { Array($0) }) }

    mutating func pad() { while bytes.count % 4 != 0 { bytes.append(0) } }

    /// The message with its length filled in.
    func finished() -> [UInt8] {
        var b = bytes
        let len = UInt32(b.count)
        withUnsafeBytes(of: len) { for i in 0..<4 { b[i] = $0[i] } }
        return b
    }
}

/// One received netlink message.
struct NetlinkMessage {
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    /// The bytes after the 16-byte header.
    var payload: [UInt8]

    /// Splits a datagram into messages.
    static func split(_ data: [UInt8]) -> [NetlinkMessage] {
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
    func attributes(after headerSize: Int) -> [UInt16: [UInt8]] {
        var out: [UInt16: [UInt8]] = [:]
        var at = headerSize
        while at + 4 <= payload.count {
            let len = Int(load(UInt16.self, payload, at))
            let type = load(UInt16.self, payload, at + 2) & 0x3FFF
            guard len >= 4, at + len <= payload.count else { break }
            if out[type] == nil { out[type] = Array(payload[at + 4..<at + len]) }
            at += (len + 3) & ~3
        }
        return out
    }
}

/// Reads a native-endian integer at a byte offset.
func load<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ offset: Int) -> T {
    var v: T = 0
    withUnsafeMutableBytes(of: &v) { raw in
        for i in 0..<MemoryLayout<T>.size { raw[i] = bytes[offset + i] }
    }
    return v
}
