extension DHCPv4 {
    /// An address lease from an ACK, with what a network boot needs from it.
    public struct Lease: Equatable, Sendable {
        /// The client's address (yiaddr).
        public var address: Address
        /// The prefix length (option 1; the address class when the server sends none).
        public var prefixLength: Int
        /// Routers, first is the default gateway (option 3).
        public var routers: [Address]
        /// DNS servers (option 6).
        public var dnsServers: [Address]
        /// Host name (12) and domain name (15).
        public var hostName: String?
        public var domainName: String?
        /// Broadcast address (28) and interface MTU (26).
        public var broadcast: Address?
        public var mtu: Int?
        /// The server that granted the lease (option 54).
        public var serverIdentifier: Address
        /// Lease time in seconds (51); nil = infinite.
        public var leaseSeconds: UInt32?
        /// Renewal (T1, option 58) and rebinding (T2, option 59) times in seconds, defaulted
        /// to 0.5 and 0.875 of the lease (RFC 2131 4.4.5); nil for an infinite lease.
        public var renewalSeconds: UInt32?
        public var rebindingSeconds: UInt32?

        /// Boot data, from the lease's server or from a proxy-DHCP server (see `bootSource`).
        public var nextServer: Address?
        /// Boot file: option 67, else the `file` field.
        public var bootFile: String?
        /// TFTP server name: option 66, else the `sname` field.
        public var tftpServerName: String?
        /// pxelinux options 209 (config file), 210 (path prefix), 211 (reboot time, seconds).
        public var pxeConfigFile: String?
        public var pxePathPrefix: String?
        public var pxeRebootSeconds: UInt32?
        /// The server's vendor class (option 60), "PXEClient" from PXE servers.
        public var vendorClass: String?
        /// The proxy-DHCP server whose boot data was merged in, if any.
        public var proxyServer: Address?

        /// The lease an ACK grants; `proxy` is a proxy-DHCP OFFER whose boot data is used when
        /// the ACK itself names no boot file. Nil when the ACK has no address.
        public init?(ack: Message, proxy: Message? = nil) {
            guard ack.yiaddr != .any else { return nil }
            address = ack.yiaddr
            let mask = ack.option(OptionCode.subnetMask).flatMap { Address(bytes: $0) }
            prefixLength = mask?.prefixLength ?? Self.classfulPrefix(ack.yiaddr)
            routers = ack.option(OptionCode.router).flatMap(Address.list) ?? []
            dnsServers = ack.option(OptionCode.domainNameServer).flatMap(Address.list) ?? []
            hostName = ack.option(OptionCode.hostName).map(dhcpText)
            domainName = ack.option(OptionCode.domainName).map(dhcpText)
            broadcast = ack.option(OptionCode.broadcastAddress).flatMap { Address(bytes: $0) }
            mtu = ack.option(OptionCode.interfaceMTU).flatMap { $0.count == 2 ? Int($0[0]) << 8 | Int($0[1]) : nil }
            serverIdentifier = ack.serverIdentifier ?? ack.siaddr
            let lease = ack.option(OptionCode.leaseTime).flatMap(dhcpUInt32)
            leaseSeconds = lease == 0xFFFF_FFFF ? nil : lease
            if let l = leaseSeconds {
                let t1 = ack.option(OptionCode.renewalTime).flatMap(dhcpUInt32) ?? l / 2
                let t2 = ack.option(OptionCode.rebindingTime).flatMap(dhcpUInt32) ?? UInt32(UInt64(l) * 7 / 8)
                renewalSeconds = min(t1, l)
                rebindingSeconds = max(min(t2, l), min(t1, l))
            }
            let ownBoot = Self.bootFile(of: ack) != nil
            let boot = (ownBoot || proxy == nil) ? ack : proxy!
            if !ownBoot, let proxy { proxyServer = proxy.serverIdentifier ?? proxy.siaddr }
            nextServer = boot.siaddr == .any ? nil : boot.siaddr
            bootFile = Self.bootFile(of: boot)
            tftpServerName = boot.option(OptionCode.tftpServerName).map(dhcpText) ?? (boot.sname.isEmpty ? nil : boot.sname)
            pxeConfigFile = boot.option(OptionCode.pxeConfigFile).map(dhcpText)
            pxePathPrefix = boot.option(OptionCode.pxePathPrefix).map(dhcpText)
            pxeRebootSeconds = boot.option(OptionCode.pxeRebootTime).flatMap(dhcpUInt32)
            vendorClass = boot.option(OptionCode.vendorClass).map(dhcpText) ?? ack.option(OptionCode.vendorClass).map(dhcpText)
        }

        /// Whether `message` is a proxy-DHCP offer (PXE spec 2.2.5): vendor class
        /// "PXEClient" and no address for the client.
        public static func isProxyOffer(_ message: Message) -> Bool {
            guard message.yiaddr == .any, let vc = message.option(OptionCode.vendorClass) else { return false }
            return dhcpText(vc).hasPrefix("PXEClient")
        }

        private static func bootFile(of m: Message) -> String? {
            if let o = m.option(OptionCode.bootFileName) {
                let t = dhcpText(o)
                return t.isEmpty ? nil : t
            }
            return m.file.isEmpty ? nil : m.file
        }

        /// The class A/B/C prefix RFC 1122 implies when no mask is given.
        static func classfulPrefix(_ a: Address) -> Int {
            let first = a.value >> 24
            return first < 128 ? 8 : first < 192 ? 16 : 24
        }
    }
}
