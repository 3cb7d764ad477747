/// A parsed absolute URL (RFC 3986): scheme, authority split into host and port, path,
/// query. Host names are kept as written; IPv6 literals without their brackets.
public struct NetURL: Equatable, Sendable, CustomStringConvertible {
    /// The scheme in lower case ("tftp", "http", "https").
    public var scheme: String
    /// The user information before `@`, if any (kept, never sent).
    public var userinfo: String?
    /// The host: a name, an IPv4 address, or an IPv6 address without brackets.
    public var host: String
    /// The port written in the URL, if any.
    public var port: UInt16?
    /// The path, "/" when the URL has none.
    public var path: String
    /// The query after `?`, without it.
    public var query: String?

    public init(scheme: String, userinfo: String? = nil, host: String, port: UInt16? = nil,
                path: String, query: String? = nil) {
        self.scheme = scheme
        self.userinfo = userinfo
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    /// Parses an absolute URL with an authority (`scheme://host[:port]/path`); nil when
    /// `text` is not one. The fragment is dropped.
    public init?(_ text: String) {
        guard let ref = URIReference(text), let scheme = ref.scheme, let authority = ref.authority,
              let parts = NetURL.splitAuthority(authority) else { return nil }
        self.scheme = scheme.lowercased()
        self.userinfo = parts.userinfo
        self.host = parts.host
        self.port = parts.port
        self.path = ref.path.isEmpty ? "/" : ref.path
        self.query = ref.query
    }

    /// The port to connect to: the written one, else the scheme's default (tftp 69,
    /// http 80, https 443); nil for unknown schemes without a port.
    public var effectivePort: UInt16? {
        if let port { return port }
        switch scheme {
        case "tftp": return 69
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// Whether `host` is an IPv6 literal.
    public var hostIsIPv6: Bool { host.contains(":") }

    /// The `Host` header value: host (bracketed if IPv6) and the port unless default.
    public var hostHeader: String {
        let h = hostIsIPv6 ? "[\(host)]" : host
        if let port, port != NetURL(scheme: scheme, host: host, path: "/").effectivePort {
            return "\(h):\(port)"
        }
        return h
    }

    /// The HTTP request target: path and query.
    public var requestTarget: String {
        if let query { return path + "?" + query }
        return path
    }

    public var description: String {
        var s = scheme + "://"
        if let userinfo { s += userinfo + "@" }
        s += hostIsIPv6 ? "[\(host)]" : host
        if let port { s += ":\(port)" }
        return s + requestTarget
    }

    /// Resolves a reference (absolute or relative) against this URL as a base, as
    /// RFC 3986 §5.2.2 does; nil when the result is not an absolute URL with a host.
    public func resolving(_ reference: String) -> NetURL? {
        guard let r = URIReference(reference) else { return nil }
        let baseRef = URIReference(scheme: scheme, authority: authorityText, path: path, query: query)
        return NetURL(baseRef.resolve(r).text)
    }

    var authorityText: String {
        var s = ""
        if let userinfo { s += userinfo + "@" }
        s += hostIsIPv6 ? "[\(host)]" : host
        if let port { s += ":\(port)" }
        return s
    }

    static func splitAuthority(_ authority: String) -> (userinfo: String?, host: String, port: UInt16?)? {
        var rest = Substring(authority)
        var userinfo: String?
        if let at = rest.lastIndex(of: "@") {
            userinfo = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var host: Substring
        var portText: Substring?
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { return nil }
                portText = after.dropFirst()
            }
            guard host.contains(":") else { return nil }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { return nil }
        var port: UInt16?
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let p = UInt16(portText) else { return nil }
            port = p
        }
        return (userinfo, String(host), port)
    }
}
