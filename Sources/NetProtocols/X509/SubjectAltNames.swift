/// The subject alternative names of an X.509 certificate (RFC 5280 §4.2.1.6) read from
/// its DER bytes: the dNSName and iPAddress entries. mbedTLS 2.28 matches host names
/// against dNSName only, so an https:// URL with an IP address is checked here.
public struct SubjectAltNames: Equatable, Sendable {
    /// dNSName entries, as written.
    public var dnsNames: [String] = []
    /// iPAddress entries: 4 bytes (IPv4) or 16 bytes (IPv6).
    public var ipAddresses: [[UInt8]] = []

    public init(dnsNames: [String] = [], ipAddresses: [[UInt8]] = []) {
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
    }

    /// The OID 2.5.29.17 (id-ce-subjectAltName) in DER.
    static let oid: [UInt8] = [0x55, 0x1D, 0x11]

    /// Reads the names of the certificate `der`; nil when it is not a certificate DER
    /// can read. A certificate without the extension has no names.
    public init?(certificate der: [UInt8]) {
        var outer = DERReader(der[...])
        guard let certificate = outer.next(), certificate.tag == 0x30 else { return nil }
        var inCertificate = DERReader(certificate.contents)
        guard let tbs = inCertificate.next(), tbs.tag == 0x30 else { return nil }
        var fields = DERReader(tbs.contents)
        while let field = fields.next() {
            // [3] EXPLICIT Extensions ::= SEQUENCE OF Extension
            guard field.tag == 0xA3 else { continue }
            var wrapper = DERReader(field.contents)
            guard let list = wrapper.next(), list.tag == 0x30 else { return nil }
            var extensions = DERReader(list.contents)
            while let ext = extensions.next() {
                guard ext.tag == 0x30 else { return nil }
                var parts = DERReader(ext.contents)
                guard let id = parts.next(), id.tag == 0x06 else { return nil }
                guard Array(id.contents) == SubjectAltNames.oid else { continue }
                var value = parts.next()
                if value?.tag == 0x01 { value = parts.next() }  // critical BOOLEAN
                guard let octets = value, octets.tag == 0x04 else { return nil }
                guard let names = SubjectAltNames(generalNames: octets.contents) else { return nil }
                self = names
                return
            }
            break
        }
        // No extensions, or no subjectAltName among them.
    }

    /// Reads `GeneralNames ::= SEQUENCE OF GeneralName`.
    init?(generalNames: ArraySlice<UInt8>) {
        var outer = DERReader(generalNames)
        guard let sequence = outer.next(), sequence.tag == 0x30 else { return nil }
        var names = DERReader(sequence.contents)
        while !names.isAtEnd {
            guard let name = names.next() else { return nil }
            switch name.tag {
            case 0x82: dnsNames.append(String(decoding: name.contents, as: UTF8.self))  // [2] IA5String
            case 0x87:  // [7] OCTET STRING
                guard name.contents.count == 4 || name.contents.count == 16 else { return nil }
                ipAddresses.append(Array(name.contents))
            default: continue
            }
        }
    }

    /// Whether an iPAddress entry equals `address` (4 or 16 bytes), byte for byte.
    public func contains(ipAddress address: [UInt8]) -> Bool {
        ipAddresses.contains(address)
    }

    /// The iPAddress entries as text (`10.77.0.1`, `fd77:0:0:0:0:0:0:1`) for messages.
    public var ipAddressTexts: [String] {
        ipAddresses.map { a in
            if a.count == 4 { return a.map(String.init).joined(separator: ".") }
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(a[$0]) << 8 | UInt16(a[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        }
    }
}
