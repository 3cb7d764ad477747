/// Why a TFTP download failed.
public enum TFTPFailure: Error, Equatable, Sendable {
    /// The server sent an ERROR packet.
    case server(code: UInt16, message: String)
    /// No packet came through all retransmissions.
    case timedOut(retries: Int)
    /// The server's OACK carried options not asked for or out of range.
    case badOptions
    /// A packet that makes no sense here (an RRQ, an ACK).
    case unexpected(String)
}

/// What the client must do after an event.
public enum TFTPAction: Equatable, Sendable {
    /// Store `payload` at byte `offset` of the file.
    case write(offset: Int64, payload: [UInt8])
    /// Send this packet to the server.
    case send(TFTPPacket)
}

/// The receiving side of a TFTP read after the server answered: expects blocks in
/// order, acknowledges each window (RFC 7440) or each block, re-acknowledges once on a
/// duplicate or out-of-order block (a lost ACK or a lost block), retransmits the last
/// ACK on a timeout, and counts block numbers past 65535 (they roll over to 0).
public struct TFTPReceiver: Sendable {
    /// The options in force.
    public private(set) var options: TFTPOptions
    /// Blocks received in order so far (a 64-bit count: block numbers roll over).
    public private(set) var blocksReceived: Int64 = 0
    /// Payload bytes received in order so far.
    public private(set) var bytesReceived: Int64 = 0
    /// Whether the last (short) block arrived.
    public private(set) var isDone = false
    /// The retransmissions allowed after consecutive timeouts.
    public let maxRetries: Int

    private var inWindow = 0
    private var lastAck: UInt16 = 0
    private var reackedSinceProgress = false
    private var timeouts = 0

    /// A receiver for a transfer with `options` in force.
    public init(options: TFTPOptions, maxRetries: Int = 6) {
        self.options = options
        self.maxRetries = maxRetries
    }

    /// The block number expected next (wrapping).
    public var expectedBlock: UInt16 { UInt16(truncatingIfNeeded: blocksReceived &+ 1) }

    /// Handles a packet from the server.
    public mutating func receive(_ packet: TFTPPacket) throws(TFTPFailure) -> [TFTPAction] {
        switch packet {
        case let .error(code, message):
            throw .server(code: code, message: message)
        case let .data(block, payload):
            return try data(block: block, payload: payload)
        case .optionAck:
            // A repeated OACK: our ACK 0 was lost.
            if blocksReceived == 0 { timeouts = 0; return [.send(.ack(block: 0))] }
            return []
        case .readRequest, .ack:
            throw .unexpected("\(packet)")
        }
    }

    private mutating func data(block: UInt16, payload: [UInt8]) throws(TFTPFailure) -> [TFTPAction] {
        if isDone {
            // The server did not see our final ACK.
            return block == lastAck ? [.send(.ack(block: lastAck))] : []
        }
        guard block == expectedBlock else {
            // Duplicate (a lost ACK) or a gap (a lost block): acknowledge the last block
            // received in order, once until progress, so the server resends after it.
            if reackedSinceProgress { return [] }
            reackedSinceProgress = true
            inWindow = 0
            lastAck = UInt16(truncatingIfNeeded: blocksReceived)
            return [.send(.ack(block: lastAck))]
        }
        guard payload.count <= options.blockSize else {
            throw .unexpected("block \(block) of \(payload.count) bytes with blksize \(options.blockSize)")
        }
        timeouts = 0
        reackedSinceProgress = false
        let offset = bytesReceived
        blocksReceived += 1
        bytesReceived += Int64(payload.count)
        inWindow += 1
        var actions: [TFTPAction] = payload.isEmpty ? [] : [.write(offset: offset, payload: payload)]
        if payload.count < options.blockSize {
            isDone = true
        }
        if isDone || inWindow >= options.windowSize {
            inWindow = 0
            lastAck = block
            actions.append(.send(.ack(block: block)))
        }
        return actions
    }

    /// Handles a receive timeout: acknowledges the last block received in order again
    /// (RFC 7440 §4), or fails after `maxRetries` timeouts in a row.
    public mutating func timeout() throws(TFTPFailure) -> [TFTPAction] {
        timeouts += 1
        if timeouts > maxRetries { throw .timedOut(retries: maxRetries) }
        inWindow = 0
        reackedSinceProgress = false
        lastAck = UInt16(truncatingIfNeeded: blocksReceived)
        return [.send(.ack(block: lastAck))]
    }
}
