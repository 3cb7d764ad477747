/// What a DHCP lease (and the machine) tells the network config formats about the
/// client: filled by the DHCP client, read by pxelinux, GRUB netboot and iPXE sources.
///
/// Plain values only; addresses are dotted-quad strings as the configs print them.
public struct NetbootClient: Sendable, Equatable {
    /// The interface the lease is on (`eth0`, `enp1s0`).
    public var interface: String
    /// The hardware address, six bytes.
    public var mac: [UInt8]
    /// The ARP hardware type (1 = Ethernet), pxelinux's `01-` prefix.
    public var hardwareType: UInt8
    /// The leased IPv4 address (`yiaddr`).
    public var ipv4: String?
    /// Option 1.
    public var netmask: String?
    /// Option 3, the first router.
    public var gateway: String?
    /// The boot server: `siaddr` (next-server), else option 66, else the DHCP server.
    public var server: String?
    /// The machine UUID (option 97 / SMBIOS), lower-case with dashes.
    public var uuid: String?
    /// Option 67 or the BOOTP `file` field: the boot file, a path on `server` or a URL.
    public var bootFile: String?
    /// Option 209 (pxelinux.configfile): the config file to read, relative to the prefix.
    public var configFile: String?
    /// Option 210 (pxelinux.pathprefix): the working directory, a path or a URL.
    public var pathPrefix: String?
    /// Option 12.
    public var hostname: String?
    /// Option 15.
    public var domain: String?
    /// SMBIOS strings for syslinux `SYSAPPEND` (keys as `SysAppend.Field` raw values,
    /// e.g. `SYSVENDOR`, `SYSPRODUCT`, `BIOSVERSION`); absent keys are left out.
    public var smbios: [String: String]

    public init(interface: String, mac: [UInt8], hardwareType: UInt8 = 1, ipv4: String? = nil,
                netmask: String? = nil, gateway: String? = nil, server: String? = nil,
                uuid: String? = nil, bootFile: String? = nil, configFile: String? = nil,
                pathPrefix: String? = nil, hostname: String? = nil, domain: String? = nil,
                smbios: [String: String] = [:]) {
        self.interface = interface
        self.mac = mac
        self.hardwareType = hardwareType
        self.ipv4 = ipv4
        self.netmask = netmask
        self.gateway = gateway
        self.server = server
        self.uuid = uuid
        self.bootFile = bootFile
        self.configFile = configFile
        self.pathPrefix = pathPrefix
        self.hostname = hostname
        self.domain = domain
        self.smbios = smbios
    }

    /// `52:54:00:12:34:56` (lower-case, colons: GRUB's `$net_default_mac`).
    public var macColons: String { NetFormat.hex(mac, separator: ":") }

    /// `52-54-00-12-34-56` (lower-case, dashes: iPXE's `:hexhyp`).
    public var macHyphens: String { NetFormat.hex(mac, separator: "-") }

    /// `01-52-54-00-12-34-56`: the hardware type and address, pxelinux's `BOOTIF` and
    /// config file name.
    public var bootIF: String { NetFormat.hex([hardwareType] + mac, separator: "-") }

    /// The leased address as eight upper-case hex digits (`10.0.2.15` → `0A00020F`),
    /// or nil without a valid IPv4 address.
    public var hexIPv4: String? {
        guard let ipv4, let bytes = NetFormat.ipv4Bytes(ipv4) else { return nil }
        return NetFormat.hex(bytes, separator: "", upper: true)
    }
}

/// Small text conversions the network formats share.
public enum NetFormat {
    /// Bytes as two hex digits each, joined by `separator`.
    public static func hex(_ bytes: [UInt8], separator: String, upper: Bool = false) -> String {
        let digits: [Character] = Array(upper ? "0123456789ABCDEF" : "0123456789abcdef")
        return bytes.map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined(separator: separator)
    }

    /// The four bytes of a dotted-quad IPv4 address, or nil when it is not one.
    public static func ipv4Bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// Parses a MAC address written with `:` or `-` separators.
    public static func mac(_ text: String) -> [UInt8]? {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, let value = UInt8(part, radix: 16) else { return nil }
            bytes.append(value)
        }
        return bytes
    }
}
