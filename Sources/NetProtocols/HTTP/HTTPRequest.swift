/// An HTTP/1.1 GET request as swiftboot sends it: one request per connection
/// (`Connection: close`), identity encoding, and an optional byte range to resume.
public struct HTTPRequest: Equatable, Sendable {
    /// The URL fetched.
    public var url: NetURL
    /// The first byte wanted (`Range: bytes=N-`), nil for the whole resource.
    public var rangeStart: Int64?
    /// A validator for `If-Range` (the ETag or Last-Modified of the first response),
    /// so a changed resource is sent whole (200) instead of a wrong tail.
    public var ifRange: String?
    /// The `User-Agent` value.
    public var userAgent: String

    public init(url: NetURL, rangeStart: Int64? = nil, ifRange: String? = nil, userAgent: String = "swiftboot") {
        self.url = url
        self.rangeStart = rangeStart
        self.ifRange = ifRange
        self.userAgent = userAgent
    }

    /// The request head's bytes (RFC 9112 §3): request line, headers, empty line.
    public var bytes: [UInt8] {
        var s = "GET \(url.requestTarget) HTTP/1.1\r\n"
        s += "Host: \(url.hostHeader)\r\n"
        s += "User-Agent: \(userAgent)\r\n"
        s += "Accept: */*\r\n"
        s += "Accept-Encoding: identity\r\n"
        if let rangeStart {
            s += "Range: bytes=\(rangeStart)-\r\n"
            if let ifRange { s += "If-Range: \(ifRange)\r\n" }
        }
        s += "Connection: close\r\n\r\n"
        return Array(s.utf8)
    }
}
