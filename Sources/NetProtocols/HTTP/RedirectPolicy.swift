/// Why following a redirect failed.
public enum RedirectError: Error, Equatable, Sendable {
    /// More redirects than the limit.
    case tooMany(limit: Int)
    /// A redirect without a usable `Location`.
    case badLocation(String?)
    /// A redirect to a scheme swiftboot does not fetch over HTTP.
    case unsupportedScheme(String)
}

/// Follows redirects (301, 302, 303, 307, 308) up to a limit, resolving `Location`
/// against the current URL (RFC 9110 §10.2.2 allows relative references).
public struct RedirectPolicy: Sendable {
    /// The number of redirects allowed for one download.
    public let limit: Int
    /// How many were followed.
    public private(set) var followed = 0

    public init(limit: Int = 10) { self.limit = limit }

    /// The URL to fetch next for a redirect `head` received for `current`.
    public mutating func next(after head: HTTPResponseHead, from current: NetURL) throws(RedirectError) -> NetURL {
        guard followed < limit else { throw .tooMany(limit: limit) }
        guard let location = head.header("Location"), let target = current.resolving(location) else {
            throw .badLocation(head.header("Location"))
        }
        guard target.scheme == "http" || target.scheme == "https" else { throw .unsupportedScheme(target.scheme) }
        followed += 1
        return target
    }
}
