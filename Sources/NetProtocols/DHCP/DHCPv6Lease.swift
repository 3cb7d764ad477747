extension DHCPv6 {
    /// Who the client is: the DUID and what goes into every message.
    public struct Identity: Sendable, Equatable {
        /// The link's Ethernet address; the DUID is DUID-LL of it (RFC 8415 11.4).
        public var mac: [UInt8]
        /// IA_NA identifier, stable per interface (the interface index does).
        public var iaid: UInt32
        /// Client architecture type (option 61): 7 = x86-64 UEFI, 16 = x86-64 UEFI HTTP.
        public var architecture: UInt16
        /// User class (option 15), nil sends none.
        public var userClass: String?

        public init(mac: [UInt8], iaid: UInt32, architecture: UInt16 = 7, userClass: String? = "iPXE") {
            self.mac = mac
            self.iaid = iaid
            self.architecture = architecture
            self.userClass = userClass
        }

        /// DUID-LL: type 3, hardware type 1 (Ethernet), the MAC.
        public var duid: [UInt8] { [0, 3, 0, 1] + mac }

        /// Options in ORO: DNS servers, domain list, boot file URL (59) and parameters (60).
        public static let requestedOptions: [UInt16] = [
            OptionCode.dnsServers, OptionCode.domainList, OptionCode.bootFileURL, OptionCode.bootFileParameters,
        ]

        /// The options every client message carries besides the server ID and IA_NA.
        func commonOptions(elapsedCentiseconds: UInt16) -> [Option] {
            var oro = DHCPByteWriter()
            for c in Self.requestedOptions { oro.u16(c) }
            var o = [
                Option(OptionCode.clientID, duid),
                Option(OptionCode.elapsedTime, [UInt8(elapsedCentiseconds >> 8), UInt8(elapsedCentiseconds & 0xFF)]),
                Option(OptionCode.optionRequest, oro.bytes),
                Option(OptionCode.clientArchitecture, [UInt8(architecture >> 8), UInt8(architecture & 0xFF)]),
                Option(OptionCode.networkInterface, [1, 3, 16]),
            ]
            if let userClass, !userClass.isEmpty {
                var w = DHCPByteWriter()
                w.u16(UInt16(userClass.utf8.count)); w.append(Array(userClass.utf8))
                o.append(Option(OptionCode.userClass, w.bytes))
            }
            return o
        }

        /// An IA_NA with this identity's IAID, T1/T2 0 (the server chooses), holding `addresses`.
        func iaNA(_ addresses: [Option] = []) -> Option {
            var w = DHCPByteWriter()
            w.u32(iaid); w.u32(0); w.u32(0)
            w.append(Message.encode(addresses))
            return Option(OptionCode.iaNA, w.bytes)
        }
    }

    /// A status code option's value (RFC 8415 21.13); 0 = Success.
    public struct Status: Equatable, Sendable {
        public var code: UInt16
        public var message: String

        init?(_ data: [UInt8]?) {
            guard let data, data.count >= 2 else { return nil }
            code = UInt16(data[0]) << 8 | UInt16(data[1])
            message = dhcpText(Array(data[2...]))
        }
    }

    /// A lease from an ADVERTISE or REPLY: the IA_NA address and the boot options.
    public struct Lease: Equatable, Sendable {
        /// The leased address (a /128: the on-link prefix comes from router advertisements).
        public var address: Address
        public var preferredSeconds: UInt32
        public var validSeconds: UInt32
        /// T1/T2 of the IA_NA; when the server leaves them 0, 0.5 and 0.8 of the preferred lifetime.
        public var renewalSeconds: UInt32
        public var rebindingSeconds: UInt32
        /// The server's DUID (option 2).
        public var serverID: [UInt8]
        /// Server preference (option 7), 0 when absent.
        public var preference: UInt8
        public var dnsServers: [Address]
        /// Boot file URL (option 59), e.g. `http://[fd77::1]/boot.ipxe` or `tftp://…`.
        public var bootFileURL: String?
        /// Boot file parameters (option 60).
        public var bootFileParameters: [String]

        /// The lease `message` carries for the IA_NA `iaid`; nil when it has no usable address
        /// (no IA_NA, a status other than Success, or no IAADDR).
        public init?(_ message: Message, iaid: UInt32) {
            guard let server = message.option(OptionCode.serverID) else { return nil }
            for o in message.options where o.code == OptionCode.statusCode {
                if let s = Status(o.data), s.code != 0 { return nil }
            }
            var found: (Address, UInt32, UInt32, UInt32, UInt32)?
            for o in message.options where o.code == OptionCode.iaNA && o.data.count >= 12 {
                var r = DHCPByteReader(o.data)
                guard r.u32() == iaid, let t1 = r.u32(), let t2 = r.u32(),
                      let inner = try? Message.decodeOptions(Array(o.data[12...])) else { continue }
                if let s = Status(inner.first { $0.code == OptionCode.statusCode }?.data), s.code != 0 { continue }
                for a in inner where a.code == OptionCode.iaAddress && a.data.count >= 24 {
                    var ar = DHCPByteReader(a.data)
                    let addr = Address(bytes: ar.take(16)!)!
                    let preferred = ar.u32()!, valid = ar.u32()!
                    if let sub = try? Message.decodeOptions(Array(a.data[24...])),
                       let s = Status(sub.first { $0.code == OptionCode.statusCode }?.data), s.code != 0 { continue }
                    if valid == 0 { continue }
                    found = (addr, preferred, valid, t1, t2)
                    break
                }
                if found != nil { break }
            }
            guard let (addr, preferred, valid, t1, t2) = found else { return nil }
            address = addr
            preferredSeconds = preferred
            validSeconds = valid
            let base = preferred == 0xFFFF_FFFF ? valid : preferred
            renewalSeconds = t1 != 0 ? t1 : (base == 0xFFFF_FFFF ? base : base / 2)
            rebindingSeconds = t2 != 0 ? t2 : (base == 0xFFFF_FFFF ? base : UInt32(UInt64(base) * 4 / 5))
            serverID = server
            preference = message.option(OptionCode.preference)?.first ?? 0
            let dns = message.option(OptionCode.dnsServers) ?? []
            dnsServers = dns.count % 16 == 0
                ? stride(from: 0, to: dns.count, by: 16).map { Address(bytes: Array(dns[$0..<$0 + 16]))! } : []
            bootFileURL = message.option(OptionCode.bootFileURL).map(dhcpText)
            var params: [String] = []
            if let p = message.option(OptionCode.bootFileParameters) {
                var r = DHCPByteReader(p)
                while let len = r.u16(), let s = r.take(Int(len)) { params.append(dhcpText(s)) }
            }
            bootFileParameters = params
        }
    }
}
