extension DHCPv4 {
    /// Who the client says it is: what goes into every DISCOVER and REQUEST.
    public struct Identity: Sendable, Equatable {
        /// The interface's Ethernet address (chaddr and option 61).
        public var mac: [UInt8]
        /// The SMBIOS system UUID, 16 bytes in RFC 4122 (text) order, for option 97.
        public var uuid: [UInt8]?
        /// Client system architecture (option 93, RFC 4578 / IANA): 7 = x86-64 UEFI
        /// (PXE), 16 = x86-64 UEFI HTTP boot.
        public var architecture: UInt16
        /// Host name to send as option 12, if any.
        public var hostName: String?
        /// User class (option 77), sent as its bytes the way iPXE sends "iPXE"; nil sends none.
        public var userClass: String?

        public init(mac: [UInt8], uuid: [UInt8]? = nil, architecture: UInt16 = 7,
                    hostName: String? = nil, userClass: String? = "iPXE") {
            self.mac = mac
            self.uuid = uuid
            self.architecture = architecture
            self.hostName = hostName
            self.userClass = userClass
        }

        /// Option 60: `PXEClient:Arch:00007`, or `HTTPClient:Arch:00016` for UEFI HTTP boot
        /// (architecture 16, the class UEFI 2.5+ HTTP boot clients send).
        public var vendorClass: String {
            let digits = String(architecture)
            let arch = String(repeating: "0", count: max(0, 5 - digits.count)) + digits
            return (architecture == 16 ? "HTTPClient" : "PXEClient") + ":Arch:" + arch
        }

        /// Option 61: hardware type 1 (Ethernet) and the MAC.
        public var clientIdentifier: [UInt8] { [1] + mac }

        /// The options requested with option 55.
        public static let requestedOptions: [UInt8] = [
            OptionCode.subnetMask, OptionCode.router, OptionCode.domainNameServer, OptionCode.hostName,
            OptionCode.domainName, OptionCode.interfaceMTU, OptionCode.broadcastAddress,
            OptionCode.vendorSpecific, OptionCode.leaseTime, OptionCode.serverIdentifier,
            OptionCode.renewalTime, OptionCode.rebindingTime, OptionCode.vendorClass,
            OptionCode.tftpServerName, OptionCode.bootFileName, OptionCode.pxeConfigFile,
            OptionCode.pxePathPrefix, OptionCode.pxeRebootTime,
        ]

        /// The options every client message carries, after option 53.
        func commonOptions() -> [Option] {
            var o: [Option] = [
                Option(OptionCode.clientIdentifier, clientIdentifier),
                Option(OptionCode.maximumMessageSize, [0x05, 0xC0]),   // 1472: 1500 less IP and UDP
                Option(OptionCode.parameterRequestList, Self.requestedOptions),
                Option(OptionCode.vendorClass, text: vendorClass),
                Option(OptionCode.clientArchitecture, [UInt8(architecture >> 8), UInt8(architecture & 0xFF)]),
                Option(OptionCode.networkInterface, [1, 3, 16]),        // UNDI 3.16, as PXE firmware
            ]
            if let uuid, uuid.count == 16 { o.append(Option(OptionCode.machineIdentifier, [0] + uuid)) }
            if let hostName, !hostName.isEmpty { o.append(Option(OptionCode.hostName, text: hostName)) }
            if let userClass, !userClass.isEmpty { o.append(Option(OptionCode.userClass, text: userClass)) }
            return o
        }

        /// Parses the text of /sys/class/dmi/id/product_uuid (`4c4c4544-0042-…`) into 16 bytes.
        public static func uuid(fromText text: String) -> [UInt8]? {
            let hex = Array(text.filter { $0 != "-" && !$0.isWhitespace })
            guard hex.count == 32 else { return nil }
            var out: [UInt8] = []
            for i in stride(from: 0, to: 32, by: 2) {
                guard let b = UInt8(String(hex[i...i + 1]), radix: 16) else { return nil }
                out.append(b)
            }
            // Firmware reports missing UUIDs as all zeros or all ones: not an identity.
            if out.allSatisfy({ $0 == 0 }) || out.allSatisfy({ $0 == 0xFF }) { return nil }
            return out
        }
    }
}
