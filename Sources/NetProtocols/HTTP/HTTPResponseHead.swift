/// Why a response could not be parsed.
public enum HTTPParseError: Error, Equatable, Sendable {
    /// The status line is not `HTTP/1.x NNN reason`.
    case badStatusLine(String)
    /// A header line has no colon or bad characters.
    case badHeader(String)
    /// The head is longer than the limit.
    case headTooLong(Int)
    /// `Content-Length` is not a number, or two differ.
    case badContentLength(String)
    /// A chunk size line is not hexadecimal.
    case badChunkSize(String)
    /// Bytes after a chunk's data are not CRLF.
    case badChunkEnd
    /// `Content-Range` is not `bytes A-B/T` or `bytes A-B/*`.
    case badContentRange(String)
}

/// The status line and headers of an HTTP/1.1 response.
public struct HTTPResponseHead: Equatable, Sendable {
    /// The status code (200, 206, 301, 404, ...).
    public var status: Int
    /// The reason phrase.
    public var reason: String
    /// The headers in order, names as sent.
    public var headers: [(name: String, value: String)]

    public static func == (a: HTTPResponseHead, b: HTTPResponseHead) -> Bool {
        a.status == b.status && a.reason == b.reason && a.headers.map(\.name) == b.headers.map(\.name)
            && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The value of the first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.name.lowercased() == n }?.value
    }

    /// All values of headers named `name`, in order.
    public func headerValues(_ name: String) -> [String] {
        let n = name.lowercased()
        return headers.filter { $0.name.lowercased() == n }.map(\.value)
    }

    /// Parses a head without its final empty line (the text before CRLF CRLF).
    public init(parsing text: [UInt8]) throws(HTTPParseError) {
        var lines = HTTPResponseHead.splitLines(text)
        guard !lines.isEmpty else { throw .badStatusLine("") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              let code = Int(parts[1]), code >= 100 else { throw .badStatusLine(statusLine) }
        status = code
        reason = parts.count == 3 ? String(parts[2]) : ""
        headers = []
        for line in lines {
            if line.first == " " || line.first == "\t" {
                // obs-fold (RFC 9112 §5.2): continue the previous value.
                guard !headers.isEmpty else { throw .badHeader(line) }
                headers[headers.count - 1].value += " " + trim(Substring(line))
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else { throw .badHeader(line) }
            headers.append((String(line[..<colon]), trim(line[line.index(after: colon)...])))
        }
    }

    static func splitLines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0a {
                var end = i
                if end > start && bytes[end - 1] == 0x0d { end -= 1 }
                lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == 0x0d { end -= 1 }
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
        }
        return lines
    }

    /// Whether this is a redirect swiftboot follows (301, 302, 303, 307, 308).
    public var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }

    /// How the body is delimited (RFC 9112 §6.3): chunked, a length, or the close.
    public func bodyFraming() throws(HTTPParseError) -> HTTPBodyFraming {
        if status / 100 == 1 || status == 204 || status == 304 { return .length(0) }
        if let te = header("Transfer-Encoding"),
           te.lowercased().split(separator: ",").last.map({ trim($0) }) == "chunked" {
            return .chunked
        }
        let lengths = headerValues("Content-Length").flatMap { $0.split(separator: ",").map { trim($0) } }
        if let first = lengths.first {
            guard let n = Int64(first), n >= 0, lengths.allSatisfy({ $0 == first }) else {
                throw .badContentLength(lengths.joined(separator: ","))
            }
            return .length(n)
        }
        return .untilClose
    }

    /// The parsed `Content-Range` header, nil when absent.
    public func contentRange() throws(HTTPParseError) -> ContentRange? {
        guard let v = header("Content-Range") else { return nil }
        return try ContentRange(parsing: v)
    }
}

/// How a response body ends.
public enum HTTPBodyFraming: Equatable, Sendable {
    /// Exactly this many bytes.
    case length(Int64)
    /// Chunked transfer coding.
    case chunked
    /// Until the server closes the connection.
    case untilClose
}

/// `Content-Range: bytes first-last/total` (RFC 9110 §14.4).
public struct ContentRange: Equatable, Sendable {
    public var first: Int64
    public var last: Int64
    /// The full length, nil for `*`.
    public var total: Int64?

    public init(first: Int64, last: Int64, total: Int64?) {
        self.first = first
        self.last = last
        self.total = total
    }

    public init(parsing value: String) throws(HTTPParseError) {
        let v = trim(Substring(value))
        guard v.hasPrefix("bytes ") else { throw .badContentRange(value) }
        let spec = v.dropFirst(6)
        let halves = spec.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .badContentRange(value) }
        let ends = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let f = Int64(ends[0]), let l = Int64(ends[1]), f >= 0, l >= f else {
            throw .badContentRange(value)
        }
        first = f
        last = l
        if halves[1] == "*" { total = nil } else {
            guard let t = Int64(halves[1]), t > l else { throw .badContentRange(value) }
            total = t
        }
    }
}

/// Leading and trailing spaces and tabs removed.
func trim(_ s: Substring) -> String {
    var t = s
    while let f = t.first, f == " " || f == "\t" { t = t.dropFirst() }
    while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
    return String(t)
}
