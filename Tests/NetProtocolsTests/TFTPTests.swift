import Testing
@testable import NetProtocols

@Suite struct TFTPPacketTests {
    @Test func readRequestBytes() {
        let rrq = TFTPPacket.readRequest(file: "pxelinux.0", mode: "octet",
                                         options: TFTPOptions.request(blockSize: 1468, windowSize: 8))
        #expect(rrq.bytes == [0, 1] + Array("pxelinux.0\0octet\0tsize\00\0blksize\01468\0windowsize\08\0".utf8))
        #expect(TFTPPacket(parsing: rrq.bytes) == rrq)
    }

    @Test func fixedBytes() {
        #expect(TFTPPacket(parsing: [0, 3, 0x12, 0x34, 9, 8]) == .data(block: 0x1234, payload: [9, 8]))
        #expect(TFTPPacket(parsing: [0, 4, 0xff, 0xff]) == .ack(block: 65535))
        #expect(TFTPPacket.ack(block: 258).bytes == [0, 4, 1, 2])
        #expect(TFTPPacket(parsing: [0, 5, 0, 1] + Array("File not found\0".utf8))
                == .error(code: 1, message: "File not found"))
        #expect(TFTPPacket(parsing: [0, 6] + Array("blksize\01468\0tsize\0123\0".utf8))
                == .optionAck([("blksize", "1468"), ("tsize", "123")]))
        #expect(TFTPPacket(parsing: [0, 6] + Array("blksize\01468".utf8)) == nil)
        #expect(TFTPPacket(parsing: [0, 9, 0, 0]) == nil)
        #expect(TFTPPacket(parsing: [0, 3, 1]) == nil)
    }

    @Test func optionNegotiation() {
        let asked = TFTPOptions(blockSize: 1468, windowSize: 8)
        #expect(TFTPOptions.accepted([("BLKSIZE", "1024"), ("tsize", "99"), ("windowsize", "4")], requested: asked)
                == TFTPOptions(blockSize: 1024, windowSize: 4, transferSize: 99))
        #expect(TFTPOptions.accepted([("tsize", "5")], requested: asked) == TFTPOptions(transferSize: 5))
        #expect(TFTPOptions.accepted([("blksize", "2000")], requested: asked) == nil)
        #expect(TFTPOptions.accepted([("timeout", "2")], requested: asked) == nil)
    }
}

@Suite struct TFTPReceiverTests {
    func block(_ n: UInt16, _ size: Int) -> TFTPPacket { .data(block: n, payload: [UInt8](repeating: UInt8(n & 0xff), count: size)) }

    @Test func windowIsAcknowledgedOnceAndShortBlockEnds() throws {
        var r = TFTPReceiver(options: TFTPOptions(blockSize: 4, windowSize: 3))
        #expect(try r.receive(block(1, 4)) == [.write(offset: 0, payload: [1, 1, 1, 1])])
        #expect(try r.receive(block(2, 4)) == [.write(offset: 4, payload: [2, 2, 2, 2])])
        #expect(try r.receive(block(3, 4)) == [.write(offset: 8, payload: [3, 3, 3, 3]), .send(.ack(block: 3))])
        #expect(try r.receive(block(4, 1)) == [.write(offset: 12, payload: [4]), .send(.ack(block: 4))])
        #expect(r.isDone)
        #expect(r.bytesReceived == 13)
        // The server missed the final ACK and sends the last block again.
        #expect(try r.receive(block(4, 1)) == [.send(.ack(block: 4))])
    }

    @Test func lostBlockIsReportedOnceThenWindowRestarts() throws {
        var r = TFTPReceiver(options: TFTPOptions(blockSize: 2, windowSize: 4))
        _ = try r.receive(block(1, 2))
        // Block 2 lost: 3 and 4 are out of order; one ACK 1 for both (RFC 7440 §4).
        #expect(try r.receive(block(3, 2)) == [.send(.ack(block: 1))])
        #expect(try r.receive(block(4, 2)) == [])
        // The server restarts the window at block 2.
        #expect(try r.receive(block(2, 2)) == [.write(offset: 2, payload: [2, 2])])
        // A duplicate of block 1 (the server missed an ACK): one ACK 2.
        #expect(try r.receive(block(1, 2)) == [.send(.ack(block: 2))])
        #expect(try r.receive(block(2, 2)) == [])
    }

    @Test func timeoutRetransmitsLastInOrderAckAndGivesUp() throws {
        var r = TFTPReceiver(options: TFTPOptions(blockSize: 2, windowSize: 4), maxRetries: 2)
        _ = try r.receive(block(1, 2))
        _ = try r.receive(block(2, 2))
        #expect(try r.timeout() == [.send(.ack(block: 2))])
        // The server resends from block 3.
        #expect(try r.receive(block(3, 2)) == [.write(offset: 4, payload: [3, 3])])
        #expect(try r.timeout() == [.send(.ack(block: 3))])
        #expect(try r.timeout() == [.send(.ack(block: 3))])
        #expect(throws: TFTPFailure.timedOut(retries: 2)) { try r.timeout() }
    }

    @Test func blockNumbersRollOverPast65535() throws {
        var r = TFTPReceiver(options: TFTPOptions(blockSize: 1, windowSize: 1))
        for n in 1...65535 {
            #expect(try r.receive(.data(block: UInt16(n), payload: [7])).last == .send(.ack(block: UInt16(n))))
        }
        #expect(r.expectedBlock == 0)
        #expect(try r.receive(.data(block: 0, payload: [9])) == [.write(offset: 65535, payload: [9]), .send(.ack(block: 0))])
        #expect(try r.receive(.data(block: 1, payload: [])) == [.send(.ack(block: 1))])
        #expect(r.isDone)
        #expect(r.bytesReceived == 65536)
    }

    @Test func serverErrorFails() {
        var r = TFTPReceiver(options: .plain)
        #expect(throws: TFTPFailure.server(code: 1, message: "File not found")) {
            try r.receive(.error(code: 1, message: "File not found"))
        }
    }

    @Test func oversizedBlockFails() {
        var r = TFTPReceiver(options: TFTPOptions(blockSize: 2))
        #expect(throws: TFTPFailure.self) { try r.receive(.data(block: 1, payload: [1, 2, 3])) }
    }
}
