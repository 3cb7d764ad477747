import Testing
@testable import NetProtocols

@Suite struct DHCPv6Tests {
    let mac: [UInt8] = [0x2e, 0xe9, 0x80, 0xec, 0x00, 0x15]

    @Test func addressText() {
        #expect(DHCPv6.Address("fd77:40::142")!.description == "fd77:40::142")
        #expect(DHCPv6.Address("ff02::1:2")!.bytes == [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1, 0, 2])
        #expect(DHCPv6.Address("1:0:0:2:0:0:0:3")!.description == "1:0:0:2::3")
        #expect(DHCPv6.Address("fe80::1")!.isLinkLocal)
        #expect(DHCPv6.Address("1::2::3") == nil)
        #expect(DHCPv6.Address("12345::") == nil)
    }

    @Test func leaseFromDnsmasqAdvertiseAndReply() throws {
        for bytes in [DnsmasqCapture.advertise, DnsmasqCapture.reply] {
            let m = try #require(try DHCPv6.Message.decode(bytes))
            let l = try #require(DHCPv6.Lease(m, iaid: 2))
            #expect(l.address == DHCPv6.Address("fd77:40::142"))
            #expect(l.validSeconds == 120)
            #expect(l.renewalSeconds == 60)
            #expect(l.rebindingSeconds == 105)
            #expect(l.bootFileURL == "http://[fd77:40::1]/boot.ipxe")
            #expect(l.bootFileParameters == ["a=1"])
            #expect(DHCPv6.Lease(m, iaid: 3) == nil)
        }
        #expect(try DHCPv6.Message.decode(DnsmasqCapture.advertise)?.type == .advertise)
    }

    @Test func ourSolicitIsByteForByteWhatWasSent() throws {
        let sentXID = try #require(try DHCPv6.Message.decode(DnsmasqCapture.solicit)).transactionID
        var c = DHCPv6.Client(identity: .init(mac: mac, iaid: 2), nextXID: { sentXID }, jitter: { 0 })
        guard case .send(let m) = c.start(now: 0).first else { Issue.record("no solicit"); return }
        #expect(m.encoded() == DnsmasqCapture.solicit)
        #expect(m.option(61) == [0, 7])
        #expect(m.option(6) == [0, 23, 0, 24, 0, 59, 0, 60])
        #expect(m.option(1) == [0, 3, 0, 1] + mac)
    }

    @Test func solicitAdvertiseRequestReply() throws {
        let adv = try #require(try DHCPv6.Message.decode(DnsmasqCapture.advertise))
        var xids: [UInt32] = [adv.transactionID, 0x42]
        var c = DHCPv6.Client(identity: .init(mac: mac, iaid: 2), nextXID: { xids.removeFirst() }, jitter: { 0 })
        _ = c.start(now: 0)
        // Preference 0: the client waits out the first RT (1 s) for better servers.
        #expect(c.receive(adv, now: 100).isEmpty)
        #expect(c.deadline == 1_000)
        guard case .send(let req) = c.tick(now: 1_000).first else { Issue.record("no request"); return }
        #expect(req.type == .request)
        #expect(req.transactionID == 0x42)
        #expect(req.option(2) == adv.option(2))
        #expect(req.option(3) == adv.option(3))
        var reply = try #require(try DHCPv6.Message.decode(DnsmasqCapture.reply))
        reply.transactionID = 0x42
        guard case .bound(let l) = c.receive(reply, now: 1_100).first else { Issue.record("not bound"); return }
        #expect(l.address == DHCPv6.Address("fd77:40::142"))
        #expect(c.state == .bound)
        #expect(c.deadline == 1_100 + 60_000)
    }

    @Test func solicitRetransmitsDoublingAndGivesUp() {
        var c = DHCPv6.Client(identity: .init(mac: mac, iaid: 2), configuration: .init(timeout: 20_000),
                              nextXID: { 1 }, jitter: { 0 })
        _ = c.start(now: 0)
        var times: [UInt64] = []
        while let d = c.deadline {
            let actions = c.tick(now: d)
            if case .failed(let f) = actions.first {
                #expect(f == .noAdvertise(seconds: 20))
                #expect(d == 20_000)
                break
            }
            times.append(d)
        }
        #expect(times == [1_000, 3_000, 7_000, 15_000])
    }

    @Test func firstSolicitDelayIsNeverShortened() {
        var c = DHCPv6.Client(identity: .init(mac: mac, iaid: 2), nextXID: { 1 }, jitter: { -100 })
        _ = c.start(now: 0)
        #expect(c.deadline == 1_100)
    }

    @Test func advertiseWithAnErrorStatusIsIgnored() throws {
        var m = try #require(try DHCPv6.Message.decode(DnsmasqCapture.advertise))
        m.options.append(DHCPv6.Option(13, [0, 2] + Array("NoAddrsAvail".utf8)))
        #expect(DHCPv6.Lease(m, iaid: 2) == nil)
    }

    @Test func renewsAtT1() throws {
        let adv = try #require(try DHCPv6.Message.decode(DnsmasqCapture.advertise))
        var xids: [UInt32] = [adv.transactionID, 0x42, 0x43]
        var c = DHCPv6.Client(identity: .init(mac: mac, iaid: 2), nextXID: { xids.removeFirst() }, jitter: { 0 })
        _ = c.start(now: 0)
        _ = c.receive(adv, now: 0)
        _ = c.tick(now: 1_000)
        var reply = try #require(try DHCPv6.Message.decode(DnsmasqCapture.reply))
        reply.transactionID = 0x42
        _ = c.receive(reply, now: 1_000)
        guard case .send(let renew) = c.tick(now: 61_000).first else { Issue.record("no renew"); return }
        #expect(renew.type == .renew)
        #expect(renew.option(2) == adv.option(2))
        #expect(c.state == .renewing)
    }
}
