extension DHCPv4 {
    /// Why bytes are not a DHCPv4 message.
    public enum DecodeError: Error, Equatable, Sendable {
        /// Shorter than the 236-byte BOOTP header plus the magic cookie.
        case truncated(Int)
        /// The four bytes after the header are not 99.130.83.99.
        case badMagicCookie
        /// An option's length runs past the end of its field.
        case badOption(code: UInt8)
    }

    /// A BOOTP/DHCP message (RFC 2131 section 2): the fixed header and the options.
    public struct Message: Equatable, Sendable {
        /// 1 = BOOTREQUEST (client), 2 = BOOTREPLY (server).
        public var op: UInt8 = 1
        /// Hardware type, 1 = Ethernet.
        public var htype: UInt8 = 1
        /// Hardware address length.
        public var hlen: UInt8 = 6
        public var hops: UInt8 = 0
        /// Transaction ID the client chose.
        public var xid: UInt32 = 0
        /// Seconds since the client began.
        public var secs: UInt16 = 0
        /// Bit 15 = BROADCAST: the client cannot receive unicast before it has an address.
        public var flags: UInt16 = 0
        /// The client's address when it has one (renewing).
        public var ciaddr: Address = .any
        /// "Your" address: what the server offers.
        public var yiaddr: Address = .any
        /// The next server to use in bootstrap (TFTP), "next-server".
        public var siaddr: Address = .any
        /// Relay agent address.
        public var giaddr: Address = .any
        /// Client hardware address (first `hlen` bytes meaningful).
        public var chaddr: [UInt8] = []
        /// Server host name field (64 bytes), or options when overloaded.
        public var sname: String = ""
        /// Boot file name field (128 bytes), or options when overloaded.
        public var file: String = ""
        /// The options in order, with split options (RFC 3396) joined and overloaded
        /// `file`/`sname` options (option 52) included.
        public var options: [Option] = []

        public init() {}

        /// The broadcast flag.
        public static let broadcastFlag: UInt16 = 0x8000
        /// The magic cookie that starts the options (RFC 2131 3).
        public static let magicCookie: [UInt8] = [99, 130, 83, 99]

        /// The data of the first option with `code`.
        public func option(_ code: UInt8) -> [UInt8]? { options.first { $0.code == code }?.data }

        /// The message type (option 53).
        public var messageType: MessageType? {
            guard let b = option(OptionCode.messageType), b.count == 1 else { return nil }
            return MessageType(rawValue: b[0])
        }

        /// The server identifier (option 54).
        public var serverIdentifier: Address? { option(OptionCode.serverIdentifier).flatMap { Address(bytes: $0) } }

        /// The wire form: header, cookie, options, end; padded to BOOTP's 300 bytes.
        public func encoded() -> [UInt8] {
            var w = DHCPByteWriter()
            w.u8(op); w.u8(htype); w.u8(hlen); w.u8(hops)
            w.u32(xid); w.u16(secs); w.u16(flags)
            w.u32(ciaddr.value); w.u32(yiaddr.value); w.u32(siaddr.value); w.u32(giaddr.value)
            w.fixed(chaddr, 16)
            w.fixed(Array(sname.utf8), 64)
            w.fixed(Array(file.utf8), 128)
            w.append(Self.magicCookie)
            for o in options {
                // RFC 3396: an option longer than 255 bytes goes out as consecutive parts.
                var rest = o.data[...]
                repeat {
                    let part = rest.prefix(255)
                    w.u8(o.code); w.u8(UInt8(part.count)); w.append(Array(part))
                    rest = rest.dropFirst(part.count)
                } while !rest.isEmpty
            }
            w.u8(OptionCode.end)
            var bytes = w.bytes
            if bytes.count < 300 { bytes += [UInt8](repeating: 0, count: 300 - bytes.count) }
            return bytes
        }

        /// Decodes a received message.
        public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Message {
            guard bytes.count >= 240 else { throw .truncated(bytes.count) }
            var r = DHCPByteReader(bytes)
            var m = Message()
            m.op = r.u8()!; m.htype = r.u8()!; m.hlen = r.u8()!; m.hops = r.u8()!
            m.xid = r.u32()!; m.secs = r.u16()!; m.flags = r.u16()!
            m.ciaddr = Address(r.u32()!); m.yiaddr = Address(r.u32()!)
            m.siaddr = Address(r.u32()!); m.giaddr = Address(r.u32()!)
            let chaddr = r.take(16)!
            m.chaddr = Array(chaddr.prefix(min(Int(m.hlen), 16)))
            let snameField = r.take(64)!
            let fileField = r.take(128)!
            guard r.take(4)! == magicCookie else { throw .badMagicCookie }

            var parts: [(UInt8, [UInt8])] = []
            try readOptions(Array(bytes[240...]), into: &parts)
            // Option 52: the file and/or sname fields carry more options, read after the
            // options field (file first, RFC 2131 4.1).
            let overload = parts.first { $0.0 == OptionCode.overload }?.1.first ?? 0
            if overload == 1 || overload == 3 { try readOptions(fileField, into: &parts) } else { m.file = dhcpText(fileField) }
            if overload == 2 || overload == 3 { try readOptions(snameField, into: &parts) } else { m.sname = dhcpText(snameField) }

            // RFC 3396: several instances of one code are one option, concatenated in order.
            var order: [UInt8] = []
            var joined: [UInt8: [UInt8]] = [:]
            for (code, data) in parts {
                if joined[code] == nil { order.append(code); joined[code] = [] }
                joined[code]! += data
            }
            m.options = order.map { Option($0, joined[$0]!) }
            return m
        }

        private static func readOptions(_ field: [UInt8], into parts: inout [(UInt8, [UInt8])]) throws(DecodeError) {
            var r = DHCPByteReader(field)
            while let code = r.u8() {
                if code == OptionCode.pad { continue }
                if code == OptionCode.end { return }
                guard let len = r.u8(), let data = r.take(Int(len)) else { throw .badOption(code: code) }
                parts.append((code, data))
            }
        }
    }
}
