import Testing
@testable import NetProtocols

@Suite struct SubjectAltNamesTests {
    @Test func ipAddressesV4AndV6() throws {
        let names = try #require(SubjectAltNames(certificate: CertificateFixtures.ip))
        #expect(names.dnsNames.isEmpty)
        #expect(names.ipAddresses == [[10, 77, 0, 1], [0xfd, 0x77] + [UInt8](repeating: 0, count: 13) + [1]])
        #expect(names.contains(ipAddress: [10, 77, 0, 1]))
        #expect(!names.contains(ipAddress: [10, 77, 0, 2]))
        #expect(names.ipAddressTexts == ["10.77.0.1", "fd77:0:0:0:0:0:0:1"])
    }

    @Test func dnsNameOnly() throws {
        let names = try #require(SubjectAltNames(certificate: CertificateFixtures.dns))
        #expect(names == SubjectAltNames(dnsNames: ["boot.lab.example"]))
        #expect(!names.contains(ipAddress: [10, 77, 0, 1]))
    }

    @Test func criticalExtensionWithBothKinds() throws {
        let names = try #require(SubjectAltNames(certificate: CertificateFixtures.crit))
        #expect(names == SubjectAltNames(dnsNames: ["boot.lab"], ipAddresses: [[10, 77, 0, 2]]))
    }

    @Test func noSubjectAltNameMeansNoAddresses() throws {
        // Its CN is 10.77.0.1, which never counts for an IP address (RFC 6125 §6.2.1).
        let names = try #require(SubjectAltNames(certificate: CertificateFixtures.nosan))
        #expect(names == SubjectAltNames())
    }

    @Test func malformedBytesAreRefused() {
        #expect(SubjectAltNames(certificate: []) == nil)
        #expect(SubjectAltNames(certificate: [0x30, 0x82, 0x01]) == nil)
        #expect(SubjectAltNames(certificate: Array(CertificateFixtures.ip.prefix(200))) == nil)
        #expect(SubjectAltNames(certificate: [0x04, 0x00]) == nil)
    }

    @Test func addressOfWrongLengthIsRefused() {
        // GeneralNames with a 5-byte iPAddress.
        #expect(SubjectAltNames(generalNames: [0x30, 0x07, 0x87, 0x05, 1, 2, 3, 4, 5]) == nil)
        #expect(SubjectAltNames(generalNames: [0x30, 0x06, 0x87, 0x04, 1, 2, 3, 4])
                == SubjectAltNames(ipAddresses: [[1, 2, 3, 4]]))
    }
}
