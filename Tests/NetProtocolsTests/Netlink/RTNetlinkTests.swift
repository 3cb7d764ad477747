import Testing
@testable import NetProtocols

@Suite struct RTNetlinkTests {
    typealias A = DHCPv4.Address

    func u32(_ b: [UInt8], _ at: Int) -> UInt32 { NetlinkMessage.load(UInt32.self, b, at) }
    func u16(_ b: [UInt8], _ at: Int) -> UInt16 { NetlinkMessage.load(UInt16.self, b, at) }

    @Test func setUpIsAnIfinfomsgWithIFFUpInFlagsAndChange() {
        let b = RTNetlinkRequest.setUp(index: 7, sequence: 42)
        #expect(b.count == 32)
        #expect(u32(b, 0) == 32)
        #expect(u16(b, 4) == 16)            // RTM_NEWLINK
        #expect(u16(b, 6) == 0x5)           // NLM_F_REQUEST | NLM_F_ACK
        #expect(u32(b, 8) == 42)
        #expect(b[16] == 0)                 // AF_UNSPEC
        #expect(u32(b, 20) == 7)            // ifi_index
        #expect(u32(b, 24) == 1 && u32(b, 28) == 1)
    }

    @Test func addressRequestCarriesLocalBroadcastAndLifetime() throws {
        let b = RTNetlinkRequest.addAddress(A(10, 77, 41, 120), prefixLength: 24, broadcast: nil, index: 3,
                                            lifetime: 300, sequence: 9)
        let m = try #require(NetlinkMessage.split(b).first)
        #expect(m.type == 20)
        #expect(m.flags == 0x1 | 0x4 | 0x400 | 0x100)   // REQUEST ACK CREATE REPLACE
        #expect(Array(m.payload[0..<4]) == [2, 24, 0, 0])
        #expect(u32(m.payload, 4) == 3)
        let attrs = m.attributes(after: 8)
        #expect(attrs[2] == [10, 77, 41, 120])           // IFA_LOCAL
        #expect(attrs[1] == [10, 77, 41, 120])           // IFA_ADDRESS
        #expect(attrs[4] == [10, 77, 41, 255])           // IFA_BROADCAST from the prefix
        let info = try #require(attrs[6])                // IFA_CACHEINFO
        #expect(u32(info, 0) == 300 && u32(info, 4) == 300)
        #expect(b.count == Int(u32(b, 0)))
        #expect(b.count % 4 == 0)
    }

    @Test func foreverAndPointToPointAddressesCarryNoLifetimeOrBroadcast() throws {
        let b = RTNetlinkRequest.addAddress(A(10, 0, 0, 1), prefixLength: 32, broadcast: nil, index: 1,
                                            lifetime: nil, sequence: 1)
        let attrs = try #require(NetlinkMessage.split(b).first).attributes(after: 8)
        #expect(attrs[4] == nil && attrs[6] == nil)
    }

    @Test func defaultRouteIsMainTableProtocolDHCP() throws {
        let b = RTNetlinkRequest.addDefaultRoute(via: A(10, 77, 41, 1), index: 3, onLink: true, sequence: 5)
        let m = try #require(NetlinkMessage.split(b).first)
        #expect(m.type == 24)
        #expect(Array(m.payload[0..<8]) == [2, 0, 0, 0, 254, 16, 0, 1])
        #expect(u32(m.payload, 8) == 4)                  // RTNH_F_ONLINK
        let attrs = m.attributes(after: 12)
        #expect(attrs[5] == [10, 77, 41, 1])             // RTA_GATEWAY
        #expect(attrs[4].map { u32($0, 0) } == 3)        // RTA_OIF
    }

    @Test func splitsADatagramAndReadsAcknowledgements() {
        var ack = NetlinkBuilder(type: 2, flags: 0, sequence: 9)
        ack.i32(0)
        var err = NetlinkBuilder(type: 2, flags: 0, sequence: 10)
        err.i32(-17)                                     // -EEXIST
        let messages = NetlinkMessage.split(ack.finished() + err.finished() + [1, 2, 3])
        #expect(messages.map(\.sequence) == [9, 10])
        #expect(messages.map(\.errorCode) == [0, 17])
    }

    @Test func readsALinkFromRTMNewlink() {
        var b = NetlinkBuilder(type: 16, flags: 0, sequence: 1)
        b.u8(0); b.u8(0); b.u16(1); b.i32(4); b.u32(0x1 | 0x10000); b.u32(0)
        b.attribute(3, Array("eth0".utf8) + [0])         // 5 bytes: padded to 8
        b.attribute(1, [0x52, 0x54, 0x00, 0x12, 0x34, 0x56])
        b.attribute(4, u32: 1500)
        let link = RTNetlinkReply.link(NetlinkMessage.split(b.finished())[0])
        #expect(link == NetworkLink(index: 4, name: "eth0", mac: [0x52, 0x54, 0x00, 0x12, 0x34, 0x56],
                                    hardwareType: 1, flags: 0x10001, mtu: 1500))
        #expect(link?.isUp == true && link?.hasCarrier == true && link?.isEthernet == true)
        #expect(link?.macText == "52:54:00:12:34:56")
    }

    @Test func readsAddressFlagsFromTheAttributeWhenPresent() {
        var b = NetlinkBuilder(type: 20, flags: 0, sequence: 1)
        b.u8(10); b.u8(64); b.u8(0); b.u8(253); b.u32(4)
        let ll = DHCPv6.Address("fe80::1")!.bytes
        b.attribute(1, ll)
        b.attribute(8, u32: 0x40)                        // IFA_F_TENTATIVE
        let info = RTNetlinkReply.address(NetlinkMessage.split(b.finished())[0])
        #expect(info == .init(family: 10, prefixLength: 64, index: 4, flags: 0x40, address: ll))
    }
}
