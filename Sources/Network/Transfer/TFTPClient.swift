import LinuxSystem
import NetProtocols

/// Downloads over TFTP (RFC 1350) with blksize, tsize and windowsize: sends the RRQ to
/// the server's port, then talks to the port the server answered from (its transfer
/// ID), retransmitting on silence as `TFTPReceiver` says.
struct TFTPClient {
    let clock: TransferClock

    /// Seconds to wait for a packet before a retransmission.
    static let packetTimeoutMs = 1000

    /// Fetches `url` into `sink`; returns the byte count.
    func fetch(_ url: NetURL, into sink: FileDescriptor) throws(TransferCause) -> Int64 {
        let server = try clock.address(of: url)
        let file = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let requested = TFTPOptions(blockSize: clock.options.tftpBlockSize, windowSize: clock.options.tftpWindowSize)
        let socket: Socket
        do { socket = try Socket.make(for: server, stream: false) } catch { throw .system(error) }
        defer { socket.close() }
        let retries = max(3, clock.options.readTimeout)

        var withOptions = true
        while true {
            let options = withOptions ? TFTPOptions.request(blockSize: requested.blockSize, windowSize: requested.windowSize) : []
            let rrq = TFTPPacket.readRequest(file: file, mode: "octet", options: options)
            // The first answer comes from a new port of the server.
            var first: (TFTPPacket, SocketAddress)?
            var tries = 0
            while first == nil {
                try clock.check()
                if tries > retries { throw .tftp(.timedOut(retries: retries)) }
                do { try socket.send(rrq.bytes, to: server) } catch { throw .system(error) }
                tries += 1
                first = try receive(socket, from: nil, server: server, maxSize: 65536)
            }
            let (packet, peer) = first!
            var receiver: TFTPReceiver
            var pending: [TFTPAction]
            switch packet {
            case .optionAck(let oack):
                guard let accepted = TFTPOptions.accepted(oack, requested: requested) else {
                    try? socket.send(TFTPPacket.error(code: TFTPPacket.ErrorCode.optionsRefused, message: "bad options").bytes, to: peer)
                    throw .tftp(.badOptions)
                }
                receiver = TFTPReceiver(options: accepted, maxRetries: retries)
                pending = [.send(.ack(block: 0))]
            case .error(TFTPPacket.ErrorCode.optionsRefused, _) where withOptions:
                withOptions = false
                continue
            default:
                receiver = TFTPReceiver(options: .plain, maxRetries: retries)
                do { pending = try receiver.receive(packet) } catch { throw .tftp(error) }
            }
            let total = receiver.options.transferSize
            // Blocks arrive in order: gather them and write 256 KiB at a time.
            var batch: [UInt8] = []
            batch.reserveCapacity(1 << 18)
            var batchOffset: Int64 = 0
            func flush() throws(TransferCause) {
                if batch.isEmpty { return }
                do { try sink.writeAll(batch, at: batchOffset) } catch { throw .system(error) }
                batchOffset += Int64(batch.count)
                batch.removeAll(keepingCapacity: true)
            }
            // One byte more than a block, so an oversized block is seen as such.
            let datagramSize = receiver.options.blockSize + 5
            while true {
                // ACKs go out first: the server sends the next block while this one is stored.
                for case .send(let p) in pending {
                    do { try socket.send(p.bytes, to: peer) } catch { throw .system(error) }
                }
                for case .write(let offset, let payload) in pending {
                    if offset != batchOffset + Int64(batch.count) { try flush(); batchOffset = offset }
                    batch.append(contentsOf: payload)
                    if batch.count >= 1 << 18 { try flush() }
                }
                clock.report(bytes: receiver.bytesReceived, total: total)
                if receiver.isDone {
                    try flush()
                    clock.report(bytes: receiver.bytesReceived, total: total ?? receiver.bytesReceived, final: true)
                    return receiver.bytesReceived
                }
                try clock.check()
                do {
                    if let (p, _) = try receive(socket, from: peer, server: server, maxSize: datagramSize) {
                        pending = try receiver.receive(p)
                    } else {
                        pending = try receiver.timeout()
                    }
                } catch let failure as TFTPFailure {
                    throw .tftp(failure)
                } catch let cause as TransferCause {
                    throw cause
                } catch {
                    throw .badResponse("\(error)")
                }
            }
        }
    }

    /// One packet from `peer` (or, before the peer is known, from the server's host),
    /// nil after the packet timeout. Packets from other ports get ERROR 5 and are skipped.
    private func receive(_ socket: Socket, from peer: SocketAddress?, server: SocketAddress,
                         maxSize: Int) throws(TransferCause) -> (TFTPPacket, SocketAddress)? {
        let deadline = monotonicSeconds() + Double(TFTPClient.packetTimeoutMs) / 1000
        while true {
            let left = Int((deadline - monotonicSeconds()) * 1000)
            if left <= 0 { return nil }
            let got: ([UInt8], SocketAddress)?
            do { got = try socket.receiveFrom(maxSize: maxSize, timeoutMs: min(left, 250)) } catch { throw .system(error) }
            guard let (bytes, from) = got else {
                try clock.check()
                continue
            }
            if let peer {
                guard from == peer else {
                    try? socket.send(TFTPPacket.error(code: TFTPPacket.ErrorCode.unknownTransferID, message: "unknown transfer ID").bytes, to: from)
                    continue
                }
            } else if from.address != server.address {
                continue
            }
            guard let packet = TFTPPacket(parsing: bytes) else { continue }
            return (packet, from)
        }
    }
}
