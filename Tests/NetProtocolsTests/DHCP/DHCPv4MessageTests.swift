import Testing
@testable import NetProtocols

@Suite struct DHCPv4MessageTests {
    typealias A = DHCPv4.Address
    let mac: [UInt8] = [0x2e, 0xe9, 0x80, 0xec, 0x00, 0x15]

    @Test func decodesDnsmasqOffer() throws {
        let m = try DHCPv4.Message.decode(DnsmasqCapture.offer)
        #expect(m.op == 2)
        #expect(m.xid == 0x9d37_666e)
        #expect(m.messageType == .offer)
        #expect(m.yiaddr == A(10, 77, 40, 150))
        #expect(m.siaddr == A(10, 77, 40, 1))
        #expect(m.serverIdentifier == A(10, 77, 40, 1))
        #expect(m.chaddr == mac)
        #expect(m.flags == DHCPv4.Message.broadcastFlag)
    }

    @Test func leaseFromDnsmasqAckHasEveryField() throws {
        let l = try #require(DHCPv4.Lease(ack: DHCPv4.Message.decode(DnsmasqCapture.ack)))
        #expect(l.address == A(10, 77, 40, 150))
        #expect(l.prefixLength == 24)
        #expect(l.routers == [A(10, 77, 40, 1)])
        #expect(l.dnsServers == [A(10, 77, 40, 53)])
        #expect(l.domainName == "lab.test")
        #expect(l.broadcast == A(10, 77, 40, 255))
        #expect(l.serverIdentifier == A(10, 77, 40, 1))
        #expect(l.leaseSeconds == 120)
        #expect(l.renewalSeconds == 60)
        #expect(l.rebindingSeconds == 105)
        #expect(l.nextServer == A(10, 77, 40, 1))
        #expect(l.bootFile == "pxelinux.0")
        #expect(l.tftpServerName == "bootsrv")
        #expect(l.pxeConfigFile == "pxelinux.cfg/custom")
        #expect(l.pxePathPrefix == "http://10.77.40.1/pxe/")
        #expect(l.proxyServer == nil)
    }

    @Test func ourDiscoverIsByteForByteWhatWasSent() throws {
        let sent = try DHCPv4.Message.decode(DnsmasqCapture.discover)
        let uuid = sent.option(DHCPv4.OptionCode.machineIdentifier).map { Array($0.dropFirst()) }
        var client = DHCPv4.Client(identity: .init(mac: mac, uuid: uuid), nextXID: { 0x9d37_666e }, jitter: { 0 })
        let actions = client.start(now: 0)
        guard case .send(let m, let destination) = actions.first else { Issue.record("no send"); return }
        #expect(destination == .broadcast)
        #expect(m.encoded() == DnsmasqCapture.discover)
    }

    @Test func discoverCarriesThePXEOptions() throws {
        let uuid: [UInt8] = Array(0..<16)
        var client = DHCPv4.Client(identity: .init(mac: mac, uuid: uuid, hostName: "node1"), nextXID: { 1 }, jitter: { 0 })
        guard case .send(let m, _) = client.start(now: 0).first else { Issue.record("no send"); return }
        let d = try DHCPv4.Message.decode(m.encoded())
        #expect(d.messageType == .discover)
        #expect(d.option(60).map(dhcpText) == "PXEClient:Arch:00007")
        #expect(d.option(93) == [0, 7])
        #expect(d.option(94) == [1, 3, 16])
        #expect(d.option(97) == [0] + uuid)
        #expect(d.option(61) == [1] + mac)
        #expect(d.option(77) == Array("iPXE".utf8))
        #expect(d.option(12) == Array("node1".utf8))
        let prl = try #require(d.option(55))
        for code: UInt8 in [1, 3, 6, 12, 15, 28, 51, 54, 58, 59, 66, 67, 209, 210, 211] { #expect(prl.contains(code)) }
        #expect(m.encoded().count >= 300)
    }

    @Test func httpBootSendsTheHTTPClientClass() {
        #expect(DHCPv4.Identity(mac: mac, architecture: 16).vendorClass == "HTTPClient:Arch:00016")
        #expect(DHCPv4.Identity(mac: mac, architecture: 7).vendorClass == "PXEClient:Arch:00007")
        #expect(DHCPv4.Identity(mac: mac, architecture: 0).vendorClass == "PXEClient:Arch:00000")
    }

    @Test func overloadedFileAndSnameFieldsCarryOptions() throws {
        var bytes = DHCPv4.Message().encoded()
        bytes[0] = 2
        // file field (offset 108): option 67 "a.efi"; sname field (44): option 66 "srv".
        let fileOptions: [UInt8] = [67, 5] + Array("a.efi".utf8) + [255]
        let snameOptions: [UInt8] = [66, 3] + Array("srv".utf8) + [255]
        bytes.replaceSubrange(108..<108 + fileOptions.count, with: fileOptions)
        bytes.replaceSubrange(44..<44 + snameOptions.count, with: snameOptions)
        bytes.replaceSubrange(240..<241, with: [52, 1, 3, 53, 1, 5, 54, 4, 10, 0, 0, 1])
        let m = try DHCPv4.Message.decode(bytes)
        #expect(m.file == "")
        #expect(m.sname == "")
        #expect(m.option(67) == Array("a.efi".utf8))
        #expect(m.option(66) == Array("srv".utf8))
    }

    @Test func longOptionsAreSplitAndJoined() throws {
        var m = DHCPv4.Message()
        let long = [UInt8](repeating: 0x41, count: 300)
        m.options = [DHCPv4.Option(210, long)]
        let bytes = m.encoded()
        #expect(bytes[240] == 210 && bytes[241] == 255)
        #expect(bytes[240 + 2 + 255] == 210 && bytes[240 + 2 + 255 + 1] == 45)
        #expect(try DHCPv4.Message.decode(bytes).option(210) == long)
    }

    @Test func rejectsShortAndForeignPackets() {
        #expect(throws: DHCPv4.DecodeError.truncated(100)) { try DHCPv4.Message.decode([UInt8](repeating: 0, count: 100)) }
        var bytes = DHCPv4.Message().encoded()
        bytes[236] = 0
        #expect(throws: DHCPv4.DecodeError.badMagicCookie) { try DHCPv4.Message.decode(bytes) }
        bytes = DHCPv4.Message().encoded()
        bytes.replaceSubrange(240..<243, with: [3, 200, 1])
        #expect(throws: DHCPv4.DecodeError.badOption(code: 3)) { try DHCPv4.Message.decode(bytes) }
    }

    @Test func addressesAndMasks() {
        #expect(A("10.77.40.1") == A(10, 77, 40, 1))
        #expect(A("10.77.40") == nil)
        #expect(A("10.77.40.256") == nil)
        #expect(A(255, 255, 255, 0).prefixLength == 24)
        #expect(A(255, 255, 255, 255).prefixLength == 32)
        #expect(A(0, 0, 0, 0).prefixLength == 0)
        #expect(A(255, 0, 255, 0).prefixLength == nil)
        #expect(A(10, 77, 40, 1).description == "10.77.40.1")
    }

    @Test func smbiosUUIDText() {
        #expect(DHCPv4.Identity.uuid(fromText: "4c4c4544-0042-3510-8051-c7c04f4e5a31\n")
                == [0x4c, 0x4c, 0x45, 0x44, 0x00, 0x42, 0x35, 0x10, 0x80, 0x51, 0xc7, 0xc0, 0x4f, 0x4e, 0x5a, 0x31])
        #expect(DHCPv4.Identity.uuid(fromText: "00000000-0000-0000-0000-000000000000") == nil)
        #expect(DHCPv4.Identity.uuid(fromText: "not a uuid") == nil)
    }

    @Test func leaseWithoutMaskOrTimesUsesDefaults() {
        var ack = DHCPv4.Message()
        ack.op = 2
        ack.yiaddr = A(172, 16, 0, 9)
        ack.options = [DHCPv4.Option(53, [5]), DHCPv4.Option(54, addresses: [A(172, 16, 0, 1)]), DHCPv4.Option(51, uint32: 1000)]
        let l = DHCPv4.Lease(ack: ack)!
        #expect(l.prefixLength == 16)
        #expect(l.renewalSeconds == 500)
        #expect(l.rebindingSeconds == 875)
        ack.options[2] = DHCPv4.Option(51, uint32: 0xFFFF_FFFF)
        #expect(DHCPv4.Lease(ack: ack)!.leaseSeconds == nil)
        #expect(DHCPv4.Lease(ack: ack)!.renewalSeconds == nil)
    }
}
