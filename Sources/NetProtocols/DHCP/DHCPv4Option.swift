extension DHCPv4 {
    /// One option as it appears on the wire: a code and its data (RFC 2132).
    public struct Option: Hashable, Sendable {
        public var code: UInt8
        public var data: [UInt8]

        public init(_ code: UInt8, _ data: [UInt8]) {
            self.code = code
            self.data = data
        }

        /// An option holding text.
        public init(_ code: UInt8, text: String) { self.init(code, Array(text.utf8)) }
        /// An option holding addresses.
        public init(_ code: UInt8, addresses: [Address]) { self.init(code, addresses.flatMap(\.bytes)) }
        /// An option holding one 32-bit number.
        public init(_ code: UInt8, uint32 v: UInt32) {
            var w = DHCPByteWriter()
            w.u32(v)
            self.init(code, w.bytes)
        }
    }

    /// The option codes swiftboot sends or reads.
    public enum OptionCode {
        public static let pad: UInt8 = 0
        public static let subnetMask: UInt8 = 1
        public static let router: UInt8 = 3
        public static let domainNameServer: UInt8 = 6
        public static let hostName: UInt8 = 12
        public static let domainName: UInt8 = 15
        public static let interfaceMTU: UInt8 = 26
        public static let broadcastAddress: UInt8 = 28
        public static let vendorSpecific: UInt8 = 43
        public static let requestedAddress: UInt8 = 50
        public static let leaseTime: UInt8 = 51
        public static let overload: UInt8 = 52
        public static let messageType: UInt8 = 53
        public static let serverIdentifier: UInt8 = 54
        public static let parameterRequestList: UInt8 = 55
        public static let message: UInt8 = 56
        public static let maximumMessageSize: UInt8 = 57
        public static let renewalTime: UInt8 = 58
        public static let rebindingTime: UInt8 = 59
        public static let vendorClass: UInt8 = 60
        public static let clientIdentifier: UInt8 = 61
        public static let tftpServerName: UInt8 = 66
        public static let bootFileName: UInt8 = 67
        /// User class (RFC 3004); iPXE sends "iPXE" here and servers key on it.
        public static let userClass: UInt8 = 77
        /// Client system architecture (RFC 4578).
        public static let clientArchitecture: UInt8 = 93
        /// Client network interface identifier (RFC 4578): UNDI 2.1.
        public static let networkInterface: UInt8 = 94
        /// Client machine identifier (RFC 4578): type 0 + the 16-byte SMBIOS UUID.
        public static let machineIdentifier: UInt8 = 97
        /// pxelinux config file (RFC 5071).
        public static let pxeConfigFile: UInt8 = 209
        /// pxelinux path prefix (RFC 5071).
        public static let pxePathPrefix: UInt8 = 210
        /// pxelinux reboot time (RFC 5071).
        public static let pxeRebootTime: UInt8 = 211
        public static let end: UInt8 = 255
    }

    /// DHCP message types (option 53).
    public enum MessageType: UInt8, Sendable {
        case discover = 1, offer, request, decline, ack, nak, release, inform
    }
}
