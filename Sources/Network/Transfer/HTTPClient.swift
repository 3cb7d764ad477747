import LinuxSystem
import NetProtocols

/// Downloads over HTTP/1.1 and HTTPS into a file: follows redirects, and when the
/// connection drops mid-body asks for the rest with `Range` (and `If-Range`, so a
/// changed file starts over) up to the resume limit.
struct HTTPClient {
    let clock: TransferClock

    /// Fetches `url` into `sink` from offset 0; returns the byte count.
    func fetch(_ url: NetURL, into sink: FileDescriptor) throws(TransferCause) -> Int64 {
        var current = url
        var redirects = RedirectPolicy(limit: clock.options.redirectLimit)
        var resume = ResumePolicy(limit: clock.options.resumeLimit)
        var received: Int64 = 0
        var total: Int64?
        var validator: String?
        var rangesAllowed = true
        while true {
            try clock.check()
            let request = HTTPRequest(url: current, rangeStart: received > 0 ? received : nil,
                                      ifRange: received > 0 ? validator : nil)
            let stream: ByteStream
            do throws(TransferCause) {
                stream = try connect(current)
            } catch let cause {
                // A reconnection after a drop may fail while the link or server is away.
                guard case .resume(let pause) = resume.next(after: connectFailure(cause), received: received,
                                                            rangesAllowed: rangesAllowed) else { throw cause }
                Log.info("fetch: \(current): reconnecting failed (\(cause)); trying again in \(pause / 1000) s "
                         + "(\(resume.resumes)/\(resume.limit))")
                try clock.pause(milliseconds: pause)
                continue
            }
            resume.connected()
            defer { stream.close() }
            let outcome: BodyOutcome
            do throws(TransferCause) {
                try stream.write(request.bytes, clock: clock)
                let (head, rest) = try readHead(stream, resuming: received > 0)
                if head.isRedirect {
                    do { current = try redirects.next(after: head, from: current) } catch { throw .redirect(error) }
                    Log.info("fetch: \(url): redirected to \(current)")
                    continue
                }
                switch head.status {
                case 200:
                    if received > 0 {
                        Log.info("fetch: \(current): server sent the whole file again; starting over")
                        received = 0
                    }
                    if case .length(let n) = try framing(head) { total = n }
                case 206 where received > 0:
                    let range: ContentRange?
                    do { range = try head.contentRange() } catch { throw .badResponse("\(error)") }
                    guard let range, range.first == received else {
                        throw .badResponse("206 for the wrong range (\(head.header("Content-Range") ?? "none")) at \(received)")
                    }
                    if let t = range.total { total = t }
                default:
                    throw .httpStatus(head.status, head.reason)
                }
                if let etag = head.header("ETag"), !etag.hasPrefix("W/") { validator = etag }
                else if let modified = head.header("Last-Modified") { validator = modified }
                rangesAllowed = head.header("Accept-Ranges")?.lowercased() != "none"
                outcome = try body(stream, framing(head), first: rest, at: &received, total: total, into: sink)
                if outcome == .complete {
                    clock.report(bytes: received, total: total ?? received, final: true)
                    return received
                }
                throw TransferCause.truncated(received: received, expected: total)
            } catch let cause {
                // Out of resumes: the last drop's own cause (closed, reset, timeout).
                guard case .resume = resume.next(after: isDrop(cause) ? .dropped : .other, received: received,
                                                 rangesAllowed: rangesAllowed) else { throw cause }
            }
            Log.info("fetch: \(current): connection dropped after \(received) bytes; resuming with Range (\(resume.resumes)/\(resume.limit))")
        }
    }

    private enum BodyOutcome: Equatable { case complete, dropped }

    /// Whether a failure mid-body is a dropped connection worth resuming.
    private func isDrop(_ cause: TransferCause) -> Bool {
        switch cause {
        case .readTimeout: return true
        case .system(let e): return e.call == "recv" || e.call == "send"
        case .truncated: return true
        default: return false
        }
    }

    /// How a failure to connect (or to finish a TLS handshake) counts for resuming: the
    /// network or server being away, or something final (a certificate, a bad URL).
    private func connectFailure(_ cause: TransferCause) -> ResumePolicy.Failure {
        switch cause {
        case .connectTimeout, .readTimeout: return .connectFailed
        case .system(let e) where ["connect", "recv", "send"].contains(e.call): return .connectFailed
        default: return .other
        }
    }

    private func connect(_ url: NetURL) throws(TransferCause) -> ByteStream {
        guard url.scheme == "http" || url.scheme == "https" else { throw .unsupportedScheme(url.scheme) }
        let address = try clock.address(of: url)
        let tcp = try TCPStream(connectingTo: address, clock: clock)
        if url.scheme == "https" { return try TLSStream(over: tcp, hostName: url.host, clock: clock) }
        return tcp
    }

    private func framing(_ head: HTTPResponseHead) throws(TransferCause) -> HTTPBodyFraming {
        do { return try head.bodyFraming() } catch { throw .badResponse("\(error)") }
    }

    private func readHead(_ stream: ByteStream, resuming: Bool) throws(TransferCause) -> (HTTPResponseHead, [UInt8]) {
        var reader = HTTPHeadReader()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = try stream.read(into: &buffer, clock: clock)
            if n == 0 {
                if resuming { throw .truncated(received: 0, expected: nil) }
                throw .badResponse("connection closed before the response head")
            }
            do {
                if let got = try reader.feed(Array(buffer[..<n])) { return got }
            } catch { throw .badResponse("\(error)") }
        }
    }

    /// Stores the body: the bytes that came with the head (`first`), then reads straight
    /// into one 256 KiB buffer whose bytes are written to `sink` from where they lie (no
    /// copy in between; only chunked bodies are decoded into a new array first).
    private func body(_ stream: ByteStream, _ framing: HTTPBodyFraming, first: [UInt8], at received: inout Int64,
                      total: Int64?, into sink: FileDescriptor) throws(TransferCause) -> BodyOutcome {
        var chunked = ChunkedDecoder()
        var left: Int64? = nil
        if case .length(let n) = framing { left = n }

        func store(_ data: UnsafeRawBufferPointer) throws(TransferCause) {
            if data.isEmpty { return }
            do { try sink.writeAll(data, at: received) } catch { throw .system(error) }
            received += Int64(data.count)
            clock.report(bytes: received, total: total)
        }
        /// Stores the body bytes among `input`; true once the body is complete.
        func take(_ input: UnsafeRawBufferPointer) throws(TransferCause) -> Bool {
            switch framing {
            case .chunked:
                let data: [UInt8]
                do { data = try chunked.feed(Array(input)) } catch { throw .badResponse("\(error)") }
                try data.withUnsafeBytes { raw in Result { () throws(TransferCause) in try store(raw) } }.get()
                return chunked.isDone
            case .length:
                let count = Int(min(Int64(input.count), left!))
                try store(UnsafeRawBufferPointer(rebasing: input[..<count]))
                left! -= Int64(count)
                return left! == 0
            case .untilClose:
                try store(input)
                return false
            }
        }

        if try first.withUnsafeBytes({ raw in Result { () throws(TransferCause) in try take(raw) } }).get() {
            return .complete
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while true {
            let n = try stream.read(into: &buffer, clock: clock)
            if n == 0 {
                if case .untilClose = framing { return .complete }
                return .dropped
            }
            let complete = buffer.withUnsafeBytes { raw in
                Result { () throws(TransferCause) in try take(UnsafeRawBufferPointer(rebasing: raw[..<n])) }
            }
            if try complete.get() { return .complete }
        }
    }
}
