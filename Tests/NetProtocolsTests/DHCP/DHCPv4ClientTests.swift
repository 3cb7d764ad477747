import Testing
@testable import NetProtocols

@Suite struct DHCPv4ClientTests {
    typealias A = DHCPv4.Address
    let mac: [UInt8] = [0x2e, 0xe9, 0x80, 0xec, 0x00, 0x15]

    /// A client whose transaction IDs come from `xids` in turn and whose jitter is `jitter`.
    func client(xids: [UInt32] = [0x9d37_666e, 2, 3, 4, 5], jitter: Int64 = 0,
                timeout: UInt64 = 60_000) -> DHCPv4.Client {
        var i = 0
        return DHCPv4.Client(identity: .init(mac: mac), configuration: .init(timeout: timeout),
                             nextXID: { defer { i += 1 }; return xids[min(i, xids.count - 1)] },
                             jitter: { jitter })
    }

    func reply(_ bytes: [UInt8], xid: UInt32) throws -> DHCPv4.Message {
        var m = try DHCPv4.Message.decode(bytes)
        m.xid = xid
        return m
    }

    func sent(_ actions: [DHCPv4.Client.Action]) -> [DHCPv4.Message] {
        actions.compactMap { if case .send(let m, _) = $0 { return m } else { return nil } }
    }

    @Test func discoverOfferRequestAck() throws {
        var c = client()
        _ = c.start(now: 0)
        #expect(c.state == .selecting)
        // The OFFER starts a 1 s wait for further (proxy) offers.
        #expect(try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10).isEmpty)
        #expect(c.deadline == 1010)
        let req = sent(c.tick(now: 1010))
        #expect(req.count == 1)
        #expect(req[0].messageType == .request)
        #expect(req[0].option(50) == A(10, 77, 40, 150).bytes)
        #expect(req[0].option(54) == A(10, 77, 40, 1).bytes)
        #expect(c.state == .requesting)
        let actions = try c.receive(reply(DnsmasqCapture.ack, xid: c.xid), now: 1020)
        guard case .bound(let lease) = actions.first else { Issue.record("not bound: \(actions)"); return }
        #expect(lease.address == A(10, 77, 40, 150))
        #expect(c.state == .bound)
        #expect(c.deadline == 1020 + 60_000)   // T1
    }

    @Test func retransmitsWithExponentialBackoffUntilTheTimeout() {
        var c = client(timeout: 100_000)
        _ = c.start(now: 0)
        var times: [UInt64] = []
        var now: UInt64 = 0
        while let d = c.deadline, d <= 100_000 {
            now = d
            let actions = c.tick(now: now)
            if case .failed(let f) = actions.first {
                #expect(f == .noOffer(seconds: 100))
                break
            }
            #expect(sent(actions).first?.messageType == .discover)
            times.append(now)
        }
        // RFC 2131 4.1: 4 s, then 8, 16, 32, 64 (the cap), 64 …
        #expect(times == [4_000, 12_000, 28_000, 60_000])
        #expect(now == 100_000)
        #expect(c.state == .failed)
        #expect(c.deadline == nil)
    }

    @Test func backoffIsCappedAt64Seconds() {
        var c = client(timeout: 400_000)
        _ = c.start(now: 0)
        var times: [UInt64] = []
        for _ in 0..<7 {
            let d = c.deadline!
            _ = c.tick(now: d)
            times.append(d)
        }
        #expect(times == [4_000, 12_000, 28_000, 60_000, 124_000, 188_000, 252_000])
    }

    @Test func jitterMovesEachRetransmissionByUpToOneSecond() {
        var late = client(jitter: 1000)
        _ = late.start(now: 0)
        #expect(late.deadline == 5_000)
        var early = client(jitter: -5000)   // clamped to -1 s
        _ = early.start(now: 0)
        #expect(early.deadline == 3_000)
    }

    @Test func retransmissionUpdatesSecsButKeepsTheTransaction() {
        var c = client()
        let first = sent(c.start(now: 0))[0]
        let again = sent(c.tick(now: 4_000))[0]
        #expect(first.secs == 0)
        #expect(again.secs == 4)
        #expect(again.xid == first.xid)
    }

    @Test func ignoresRepliesForOtherTransactionsOrClients() throws {
        var c = client()
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: 77), now: 10)
        var other = try reply(DnsmasqCapture.offer, xid: c.xid)
        other.chaddr = [1, 2, 3, 4, 5, 6]
        _ = c.receive(other, now: 10)
        #expect(c.deadline == 4_000)   // still waiting for an offer
    }

    @Test func proxyOfferBootDataIsMergedIntoTheLease() throws {
        var c = client()
        _ = c.start(now: 0)
        let proxy = try reply(DnsmasqCapture.proxyOffer, xid: c.xid)
        #expect(DHCPv4.Lease.isProxyOffer(proxy))
        _ = c.receive(proxy, now: 5)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10)
        _ = c.tick(now: 1010)
        var ack = try reply(DnsmasqCapture.ack, xid: c.xid)
        ack.options.removeAll { [66, 67, 209, 210].contains($0.code) }
        ack.file = ""
        ack.sname = ""
        guard case .bound(let l) = c.receive(ack, now: 1020).first else { Issue.record("not bound"); return }
        // Until the boot server answers, the lease carries the proxy's next-server.
        #expect(l.address == A(10, 77, 40, 150))
        #expect(l.serverIdentifier == A(10, 77, 40, 1))
        #expect(l.nextServer == A(10, 77, 40, 2))
        #expect(l.proxyServer == A(10, 77, 40, 2))
        #expect(l.vendorClass == "PXEClient")
    }

    /// Bound through a real OFFER/ACK (boot options stripped) beside a proxy OFFER.
    func boundBesideProxy() throws -> DHCPv4.Client {
        var c = client()
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.proxyOffer, xid: c.xid), now: 5)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10)
        _ = c.tick(now: 1010)
        var ack = try reply(DnsmasqCapture.ack, xid: c.xid)
        ack.options.removeAll { [66, 67, 209, 210].contains($0.code) }
        ack.file = ""
        ack.sname = ""
        let actions = c.receive(ack, now: 1020)
        #expect(actions.count == 2)
        guard case .sendToBootServer(let m, let server) = actions.last else { Issue.record("no 4011 request"); return c }
        #expect(server == A(10, 77, 40, 2))
        #expect(m.messageType == .request)
        #expect(m.ciaddr == A(10, 77, 40, 150))
        #expect(m.option(60).map(dhcpText) == "PXEClient:Arch:00007")
        #expect(c.state == .queryingBootServer)
        return c
    }

    @Test func proxyWithoutBootFileIsAskedOnPort4011() throws {
        var c = try boundBesideProxy()
        var answer = try reply(DnsmasqCapture.proxyOffer, xid: c.xid)
        answer.options[0] = DHCPv4.Option(53, [5])
        answer.file = "bootx64.efi"
        answer.sname = "10.77.40.2"
        guard case .bound(let l) = c.receive(answer, now: 1100).first else { Issue.record("not bound"); return }
        #expect(l.address == A(10, 77, 40, 150))
        #expect(l.bootFile == "bootx64.efi")
        #expect(l.tftpServerName == "10.77.40.2")
        #expect(l.nextServer == A(10, 77, 40, 2))
        #expect(c.state == .bound)
        #expect(c.deadline == 1020 + 60_000)
    }

    @Test func silentBootServerLeavesTheLeaseWithoutBootFile() throws {
        var c = try boundBesideProxy()
        var times: [UInt64] = []
        while c.state == .queryingBootServer, let d = c.deadline {
            if case .sendToBootServer = c.tick(now: d).first { times.append(d) }
        }
        #expect(times == [2_020, 4_020, 7_020])
        #expect(c.state == .bound)
        #expect(c.lease?.bootFile == nil)
        #expect(c.lease?.nextServer == A(10, 77, 40, 2))
    }

    @Test func anAckWithItsOwnBootFileWinsOverTheProxy() throws {
        let proxy = try DHCPv4.Message.decode(DnsmasqCapture.proxyOffer)
        let l = try #require(DHCPv4.Lease(ack: DHCPv4.Message.decode(DnsmasqCapture.ack), proxy: proxy))
        #expect(l.bootFile == "pxelinux.0")
        #expect(l.nextServer == A(10, 77, 40, 1))
        #expect(l.proxyServer == nil)
    }

    @Test func proxyOfferAloneIsNoLease() throws {
        var c = client(timeout: 10_000)
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.proxyOffer, xid: c.xid), now: 5)
        #expect(c.state == .selecting)
        #expect(c.deadline == 4_000)
    }

    @Test func nakStartsOverWithANewTransaction() throws {
        var c = client()
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10)
        _ = c.tick(now: 1010)
        var nak = try reply(DnsmasqCapture.ack, xid: c.xid)
        nak.options = [DHCPv4.Option(53, [6]), DHCPv4.Option(54, addresses: [A(10, 77, 40, 1)]),
                       DHCPv4.Option(56, text: "wrong network")]
        let actions = c.receive(nak, now: 1020)
        #expect(sent(actions).first?.messageType == .discover)
        #expect(c.xid == 2)
        #expect(c.state == .selecting)
    }

    @Test func nakUntilTheTimeoutIsAClearFailure() throws {
        var c = client(timeout: 2_000)
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10)
        _ = c.tick(now: 1010)
        var nak = try reply(DnsmasqCapture.ack, xid: c.xid)
        nak.options = [DHCPv4.Option(53, [6]), DHCPv4.Option(54, addresses: [A(10, 77, 40, 1)]),
                       DHCPv4.Option(56, text: "wrong network")]
        _ = c.receive(nak, now: 1020)
        let actions = c.tick(now: 2_000)
        #expect(actions == [.failed(.refused(server: A(10, 77, 40, 1), message: "wrong network"))])
        #expect("\(DHCPv4.Client.Failure.refused(server: A(10, 77, 40, 1), message: "wrong network"))"
                == "DHCP NAK from 10.77.40.1: wrong network")
    }

    @Test func noAckNamesTheServer() throws {
        var c = client(timeout: 6_000)
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 10)
        _ = c.tick(now: 1010)
        #expect(sent(c.tick(now: 5010)).first?.messageType == .request)
        #expect(c.tick(now: 6_000) == [.failed(.noAck(server: A(10, 77, 40, 1), seconds: 6))])
    }

    func boundClient() throws -> DHCPv4.Client {
        var c = client()
        _ = c.start(now: 0)
        _ = try c.receive(reply(DnsmasqCapture.offer, xid: c.xid), now: 0)
        _ = c.tick(now: 1000)
        _ = try c.receive(reply(DnsmasqCapture.ack, xid: c.xid), now: 1000)
        #expect(c.state == .bound)
        return c
    }

    @Test func renewsAtT1ByUnicastAndRebindsAtT2ByBroadcast() throws {
        var c = try boundClient()
        #expect(c.tick(now: 60_999).isEmpty)
        let renew = c.tick(now: 61_000)
        guard case .send(let m, let to) = renew.first else { Issue.record("no renew"); return }
        #expect(to == A(10, 77, 40, 1))
        #expect(m.messageType == .request)
        #expect(m.ciaddr == A(10, 77, 40, 150))
        #expect(m.option(50) == nil && m.option(54) == nil)
        #expect(c.state == .renewing)
        let rebind = c.tick(now: 106_000)
        guard case .send(let m2, let to2) = rebind.first else { Issue.record("no rebind"); return }
        #expect(to2 == .broadcast)
        #expect(m2.ciaddr == A(10, 77, 40, 150))
        #expect(c.state == .rebinding)
        // An ACK while rebinding binds again from then on.
        let actions = try c.receive(reply(DnsmasqCapture.ack, xid: c.xid), now: 107_000)
        guard case .bound = actions.first else { Issue.record("not bound again"); return }
        #expect(c.deadline == 107_000 + 60_000)
    }

    @Test func expiryLosesTheLeaseAndStartsOver() throws {
        var c = try boundClient()
        _ = c.tick(now: 61_000)
        _ = c.tick(now: 106_000)
        let actions = c.tick(now: 121_000)
        guard case .lost(let l) = actions.first else { Issue.record("not lost: \(actions)"); return }
        #expect(l.address == A(10, 77, 40, 150))
        #expect(sent(actions).first?.messageType == .discover)
        #expect(c.state == .selecting)
    }
}
