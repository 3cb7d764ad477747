/// syslinux's `SYSAPPEND` (and the older `IPAPPEND`) bits: strings pxelinux adds to
/// the end of a Linux command line, built from the lease and the SMBIOS tables.
public enum SysAppend {
    /// The bits in syslinux's order (`syslinux/sysappend.h`): bit n is `1 << n`.
    public enum Field: String, CaseIterable, Sendable {
        /// 0x1: `ip=<client>:<server>:<gateway>:<netmask>`.
        case ip = "ip"
        /// 0x2: `BOOTIF=01-<mac>`.
        case bootIF = "BOOTIF"
        /// 0x4: `SYSUUID=<uuid>`.
        case sysUUID = "SYSUUID"
        /// 0x8: `CPU=` feature letters (not known here: left out).
        case cpu = "CPU"
        case sysVendor = "SYSVENDOR"
        case sysProduct = "SYSPRODUCT"
        case sysVersion = "SYSVERSION"
        case sysSerial = "SYSSERIAL"
        case sysSKU = "SYSSKU"
        case sysFamily = "SYSFAMILY"
        case mbVendor = "MBVENDOR"
        case mbProduct = "MBPRODUCT"
        case mbVersion = "MBVERSION"
        case mbSerial = "MBSERIAL"
        case mbAsset = "MBASSET"
        case biosVendor = "BIOSVENDOR"
        case biosVersion = "BIOSVERSION"
        case sysFF = "SYSFF"
        /// 0x40000: `FSUUID=` of the boot filesystem (none over the network: left out).
        case fsUUID = "FSUUID"

        /// The field's bit.
        public var bit: UInt32 { 1 << UInt32(Self.allCases.firstIndex(of: self)!) }
    }

    /// The value of an `IPAPPEND`/`SYSAPPEND` line: decimal, `0x` hex or `0` octal, as
    /// C's `strtoul(..., 0)`; garbage reads as 0.
    static func parseBits(_ text: Substring) -> UInt32 {
        let word = SyslinuxLine.firstWord(SyslinuxLine.skipBlanks(text)).word.lowercased()
        if word.hasPrefix("0x") { return UInt32(word.dropFirst(2), radix: 16) ?? 0 }
        if word.hasPrefix("0"), word.count > 1 { return UInt32(word.dropFirst(), radix: 8) ?? 0 }
        return UInt32(word) ?? 0
    }

    /// The words the set bits add, in bit order; a field without a value is left out.
    public static func words(bits: UInt32, client: NetbootClient) -> [String] {
        var words: [String] = []
        for field in Field.allCases where bits & field.bit != 0 {
            if let word = word(field, client: client) { words.append(word) }
        }
        return words
    }

    static func word(_ field: Field, client: NetbootClient) -> String? {
        switch field {
        case .ip:
            guard let ip = client.ipv4 else { return nil }
            return "ip=\(ip):\(client.server ?? "0.0.0.0"):\(client.gateway ?? "0.0.0.0"):\(client.netmask ?? "0.0.0.0")"
        case .bootIF:
            return "BOOTIF=" + client.bootIF
        case .sysUUID:
            return client.uuid.map { "SYSUUID=" + $0.lowercased() }
        case .cpu, .fsUUID:
            return nil
        default:
            guard let value = client.smbios[field.rawValue].map(cleaned), !value.isEmpty else { return nil }
            return field.rawValue + "=" + value
        }
    }

    /// An SMBIOS string as a command-line word: leading and trailing blanks removed,
    /// inner blanks and control characters as `_` (a word never splits).
    static func cleaned(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { c in
            c.unicodeScalars.allSatisfy { $0.value <= 0x20 || $0.value == 0x7f }
        }
        let trimmed = text.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
        return String(trimmed.map { isBlank($0) ? "_" : $0 })
    }
}
