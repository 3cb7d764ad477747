/// Namespace for DHCPv6 (RFC 8415) with the network boot options of RFC 5970.
public enum DHCPv6 {}

extension DHCPv6 {
    /// An IPv6 address, 16 bytes in network order.
    public struct Address: Hashable, Sendable, CustomStringConvertible {
        public var bytes: [UInt8]

        /// The address from exactly 16 bytes.
        public init?(bytes: [UInt8]) {
            guard bytes.count == 16 else { return nil }
            self.bytes = bytes
        }

        /// Parses text such as `fd77::10` or `fe80::1`.
        public init?(_ text: String) {
            let halves = text.components(separatedByDoubleColon: ())
            guard halves.count <= 2 else { return nil }
            func groups(_ s: Substring) -> [UInt16]? {
                if s.isEmpty { return [] }
                var out: [UInt16] = []
                for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                    guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                    out.append(v)
                }
                return out
            }
            guard let head = groups(halves[0]) else { return nil }
            var all = head
            if halves.count == 2 {
                guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
                all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
            }
            guard all.count == 8 else { return nil }
            bytes = all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }

        /// ff02::1:2, All_DHCP_Relay_Agents_and_Servers.
        public static let allServers = Address("ff02::1:2")!

        /// RFC 5952 text: lowercase, the longest run of two or more zero groups as `::`.
        public var description: String {
            let g = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            var best = (start: -1, length: 0)
            var i = 0
            while i < 8 {
                if g[i] == 0 {
                    var j = i
                    while j < 8 && g[j] == 0 { j += 1 }
                    if j - i > best.length && j - i >= 2 { best = (i, j - i) }
                    i = j
                } else { i += 1 }
            }
            let hex = g.map { String($0, radix: 16) }
            if best.start < 0 { return hex.joined(separator: ":") }
            return hex[..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.length)...].joined(separator: ":")
        }

        /// Whether this is a link-local address (fe80::/10).
        public var isLinkLocal: Bool { bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 }
    }

    /// Message types.
    public enum MessageType: UInt8, Sendable {
        case solicit = 1, advertise, request, confirm, renew, rebind, reply, release, decline
    }

    /// Option codes swiftboot sends or reads.
    public enum OptionCode {
        public static let clientID: UInt16 = 1
        public static let serverID: UInt16 = 2
        public static let iaNA: UInt16 = 3
        public static let iaAddress: UInt16 = 5
        public static let optionRequest: UInt16 = 6
        public static let preference: UInt16 = 7
        public static let elapsedTime: UInt16 = 8
        public static let statusCode: UInt16 = 13
        public static let userClass: UInt16 = 15
        public static let vendorClass: UInt16 = 16
        public static let dnsServers: UInt16 = 23
        public static let domainList: UInt16 = 24
        /// Boot file URL (RFC 5970).
        public static let bootFileURL: UInt16 = 59
        /// Boot file parameters (RFC 5970): a list of 16-bit-length-prefixed strings.
        public static let bootFileParameters: UInt16 = 60
        /// Client system architecture types (RFC 5970).
        public static let clientArchitecture: UInt16 = 61
        /// Client network interface identifier (RFC 5970).
        public static let networkInterface: UInt16 = 62
    }

    /// One option: a 16-bit code and its data.
    public struct Option: Hashable, Sendable {
        public var code: UInt16
        public var data: [UInt8]
        public init(_ code: UInt16, _ data: [UInt8]) {
            self.code = code
            self.data = data
        }
    }

    /// Why bytes are not a DHCPv6 message.
    public enum DecodeError: Error, Equatable, Sendable {
        case truncated(Int)
        case badOption(code: UInt16)
    }

    /// A client/server message (RFC 8415 section 8): type, 24-bit transaction ID, options.
    public struct Message: Equatable, Sendable {
        public var type: MessageType
        public var transactionID: UInt32
        public var options: [Option]

        public init(type: MessageType, transactionID: UInt32, options: [Option] = []) {
            self.type = type
            self.transactionID = transactionID & 0xFF_FFFF
            self.options = options
        }

        /// The data of the first option with `code`.
        public func option(_ code: UInt16) -> [UInt8]? { options.first { $0.code == code }?.data }

        public func encoded() -> [UInt8] {
            var w = DHCPByteWriter()
            w.u8(type.rawValue)
            w.u8(UInt8(transactionID >> 16 & 0xFF)); w.u8(UInt8(transactionID >> 8 & 0xFF)); w.u8(UInt8(transactionID & 0xFF))
            w.append(Self.encode(options))
            return w.bytes
        }

        /// Decodes a message; unknown message types are an error (`truncated` when short).
        public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Message? {
            guard bytes.count >= 4 else { throw .truncated(bytes.count) }
            guard let type = MessageType(rawValue: bytes[0]) else { return nil }
            let xid = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
            return Message(type: type, transactionID: xid, options: try decodeOptions(Array(bytes[4...])))
        }

        /// Options in the TLV form used at the top level and inside IA_NA/IAADDR.
        public static func encode(_ options: [Option]) -> [UInt8] {
            var w = DHCPByteWriter()
            for o in options {
                w.u16(o.code); w.u16(UInt16(o.data.count)); w.append(o.data)
            }
            return w.bytes
        }

        public static func decodeOptions(_ bytes: [UInt8]) throws(DecodeError) -> [Option] {
            var r = DHCPByteReader(bytes)
            var out: [Option] = []
            while r.remaining > 0 {
                guard let code = r.u16() else { throw .badOption(code: 0) }
                guard let len = r.u16(), let data = r.take(Int(len)) else { throw .badOption(code: code) }
                out.append(Option(code, data))
            }
            return out
        }
    }
}

extension String {
    /// Splits at every `::` (IPv6 text); valid text has at most one, so at most two parts.
    fileprivate func components(separatedByDoubleColon _: Void) -> [Substring] {
        var parts: [Substring] = []
        var start = startIndex
        var i = startIndex
        while i < endIndex {
            let next = index(after: i)
            if self[i] == ":" && next < endIndex && self[next] == ":" {
                parts.append(self[start..<i])
                i = index(after: next)
                start = i
            } else {
                i = next
            }
        }
        parts.append(self[start...])
        return parts
    }
}
