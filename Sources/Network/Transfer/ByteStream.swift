import LinuxSystem
import NetProtocols
import CMbedTLS

/// A connected byte stream: plain TCP or TLS over it.
protocol ByteStream: AnyObject {
    /// Reads up to `buffer.count` bytes: the count, 0 at the end of the stream.
    func read(into buffer: inout [UInt8], clock: TransferClock) throws(TransferCause) -> Int
    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8], clock: TransferClock) throws(TransferCause)
    /// Closes the stream and its socket.
    func close()
}

/// A TCP connection.
final class TCPStream: ByteStream {
    let socket: Socket

    /// Connects to `address` within the connect timeout (and what is left of the total).
    init(connectingTo address: SocketAddress, clock: TransferClock) throws(TransferCause) {
        do { socket = try Socket.make(for: address, stream: true) } catch { throw .system(error) }
        do {
            try socket.connect(address, timeoutMs: clock.remainingMs(cap: clock.options.connectTimeout))
        } catch {
            socket.close()
            try clock.check()
            throw error
        }
    }

    func read(into buffer: inout [UInt8], clock: TransferClock) throws(TransferCause) -> Int {
        while true {
            try waitReadable(clock: clock)
            let got: Int?
            do { got = try socket.receive(into: &buffer, timeoutMs: 0) } catch { throw .system(error) }
            if let got { return got }
        }
    }

    /// Waits until the socket is readable, in slices of 250 ms so the cancel hook and the
    /// total limit are checked while idle; throws the read timeout.
    func waitReadable(clock: TransferClock) throws(TransferCause) {
        var waited = 0
        let limit = clock.options.readTimeout * 1000
        while true {
            try clock.check()
            let slice = max(0, min(250, limit - waited, clock.remainingMs(cap: clock.options.readTimeout)))
            let ready: Bool
            do { ready = try socket.wait(timeoutMs: slice) } catch { throw .system(error) }
            if ready { return }
            waited += slice
            if waited >= limit { throw .readTimeout(seconds: clock.options.readTimeout) }
        }
    }

    func write(_ bytes: [UInt8], clock: TransferClock) throws(TransferCause) {
        try socket.sendAll(bytes, timeoutMs: clock.remainingMs(cap: clock.options.readTimeout))
    }

    func close() { socket.close() }
}

/// TLS (mbedTLS) over a TCP connection: the certificate chain is verified against the
/// CA file and the certificate's names against the URL's host: a host name against its
/// DNS names by mbedTLS (and sent as SNI), an IP address against its iPAddress names here
/// (RFC 6125 §6.2.1; no SNI for addresses, RFC 6066 §3).
final class TLSStream: ByteStream {
    private let tcp: TCPStream
    private var session: UnsafeMutablePointer<sbtls_session>?

    init(over tcp: TCPStream, hostName: String, clock: TransferClock) throws(TransferCause) {
        self.tcp = tcp
        tcp.socket.setBlocking()
        let caFile = clock.options.caFile
        let ipAddress = SocketAddress(numeric: hostName, port: 0)?.address
        var stagePointer: UnsafePointer<CChar>?
        var s: UnsafeMutablePointer<sbtls_session>?
        let r = sbtls_open(tcp.socket.fd.rawValue, ipAddress == nil ? hostName : nil, caFile,
                           UInt32(clock.options.readTimeout * 1000), &s, &stagePointer)
        session = s
        guard r == 0 else {
            let stage = stagePointer.map { String(cString: $0) } ?? "setup"
            let flags = s.map { sbtls_verify_flags($0) } ?? 0
            close()
            if stage == "ca" { throw .caFile(path: caFile, reason: TLSStream.errorText(r)) }
            if stage == "handshake" && flags != 0 && flags != UInt32.max {
                throw .certificateNotTrusted(caFile: caFile, reason: TLSStream.verifyText(flags))
            }
            if r == sbtls_timeout_code() { throw .readTimeout(seconds: clock.options.readTimeout) }
            throw .tls(stage: stage, reason: TLSStream.errorText(r))
        }
        if let ipAddress, let session {
            var der: UnsafePointer<UInt8>?
            var length = 0
            sbtls_peer_certificate(session, &der, &length)
            let bytes = der.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            if let reason = TLSStream.addressMismatch(certificate: bytes, address: ipAddress, host: hostName) {
                close()
                throw .certificateNotTrusted(caFile: caFile, reason: reason)
            }
        }
    }

    /// Why the certificate `der` does not name the IP address `address` (written `host`)
    /// in an iPAddress subjectAltName; nil when it does.
    static func addressMismatch(certificate der: [UInt8], address: [UInt8], host: String) -> String? {
        guard let names = SubjectAltNames(certificate: der) else {
            return "the server's certificate could not be read for its subjectAltName"
        }
        if names.contains(ipAddress: address) { return nil }
        var has: [String] = names.ipAddressTexts.map { "IP:\($0)" } + names.dnsNames.map { "DNS:\($0)" }
        if has.isEmpty { has = ["none"] }
        return "the certificate does not name IP address \(host) (its subjectAltName: \(has.joined(separator: ", ")))"
    }

    static func errorText(_ code: Int32) -> String {
        var buf = [CChar](repeating: 0, count: 256)
        sbtls_error_text(code, &buf, buf.count)
        return String(cString: buf)
    }

    static func verifyText(_ flags: UInt32) -> String {
        var buf = [CChar](repeating: 0, count: 512)
        sbtls_verify_text(flags, &buf, buf.count)
        return String(cString: buf)
    }

    func read(into buffer: inout [UInt8], clock: TransferClock) throws(TransferCause) -> Int {
        guard let session else { return 0 }
        if sbtls_pending(session) == 0 { try tcp.waitReadable(clock: clock) }
        let r = buffer.withUnsafeMutableBytes { sbtls_read(session, $0.baseAddress, $0.count) }
        if r >= 0 { return Int(r) }
        if r == sbtls_timeout_code() { throw .readTimeout(seconds: clock.options.readTimeout) }
        // A reset or an EOF without close_notify: a dropped connection, like TCP's.
        if sbtls_is_dropped(r) != 0 {
            throw .system(SystemError(call: "recv", path: nil, errno: 104))
        }
        throw .tls(stage: "read", reason: TLSStream.errorText(r))
    }

    func write(_ bytes: [UInt8], clock: TransferClock) throws(TransferCause) {
        guard let session else { return }
        let r = bytes.withUnsafeBytes { sbtls_write_all(session, $0.baseAddress, $0.count) }
        if r != 0 { throw .tls(stage: "write", reason: TLSStream.errorText(r)) }
    }

    func close() {
        if let session { sbtls_close(session) }
        session = nil
        tcp.close()
    }
}
