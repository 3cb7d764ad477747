/// Why a host name has no address: the host, the DNS servers asked, and the reason.
public struct ResolveError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// No DNS server is known (the lease had no option 6 / 23, none given).
        case noServers
        /// Every name tried does not exist (NXDOMAIN), or exists without addresses.
        case notFound(names: [String])
        /// No server answered: the time waited.
        case timeout(milliseconds: Int)
        /// The servers answered with an error code (2 SERVFAIL, 5 REFUSED, ...).
        case serverFailure(code: UInt8)
        /// The name cannot be asked for (an empty or too long label).
        case badName(String)
        /// A socket call failed.
        case system(String)
    }

    /// The host as the URL wrote it.
    public var host: String
    /// The servers asked, in order.
    public var servers: [String]
    public var reason: Reason

    public init(host: String, servers: [String], reason: Reason) {
        self.host = host
        self.servers = servers
        self.reason = reason
    }

    public var description: String {
        let asked = servers.isEmpty ? "no DNS server known" : "asked \(servers.joined(separator: ", "))"
        let why: String
        switch reason {
        case .noServers: why = "no DNS server (the DHCP lease named none)"
        case .notFound(let names): why = "no such host (tried \(names.joined(separator: ", ")))"
        case .timeout(let ms): why = "no answer from the DNS servers within \((ms + 500) / 1000) s (timeout)"
        case .serverFailure(let code): why = "DNS server error \(ResolveError.codeName(code))"
        case .badName(let n): why = "not a valid host name (\(n))"
        case .system(let s): why = s
        }
        return "cannot resolve host '\(host)': \(why) [\(asked)]"
    }

    static func codeName(_ code: UInt8) -> String {
        switch code {
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        default: return "rcode \(code)"
        }
    }
}
