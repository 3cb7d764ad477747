/// Collects bytes until the response head is complete (CRLF CRLF, or LF LF), then
/// hands out the head and the bytes after it (the start of the body).
public struct HTTPHeadReader: Sendable {
    /// The largest head accepted.
    public let limit: Int
    private var buffer: [UInt8] = []

    public init(limit: Int = 65536) { self.limit = limit }

    /// Adds received bytes; returns the head and the body bytes that followed it once
    /// the head is complete, nil while more is needed. Interim 1xx responses are skipped.
    public mutating func feed(_ bytes: [UInt8]) throws(HTTPParseError) -> (head: HTTPResponseHead, rest: [UInt8])? {
        buffer.append(contentsOf: bytes)
        while true {
            guard let (end, next) = headEnd() else {
                if buffer.count > limit { throw .headTooLong(buffer.count) }
                return nil
            }
            let head = try HTTPResponseHead(parsing: Array(buffer[..<end]))
            let rest = Array(buffer[next...])
            if head.status / 100 == 1 {
                buffer = rest
                continue
            }
            buffer = []
            return (head, rest)
        }
    }

    private func headEnd() -> (Int, Int)? {
        var i = 0
        while i + 1 < buffer.count {
            if buffer[i] == 0x0a {
                if buffer[i + 1] == 0x0a { return (i, i + 2) }
                if buffer[i + 1] == 0x0d, i + 2 < buffer.count, buffer[i + 2] == 0x0a { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }
}
