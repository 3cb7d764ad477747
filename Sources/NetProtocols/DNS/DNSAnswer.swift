/// What a response says about one question: the addresses (after the CNAME chain), that
/// the name exists without such records, that it does not exist, or a server failure.
public enum DNSAnswer: Equatable, Sendable {
    /// Addresses of `type` for the name, the canonical name they belong to, and the
    /// smallest TTL along the chain.
    case addresses([[UInt8]], canonicalName: String, ttl: UInt32)
    /// The chain ends at `target` and the response holds no records for it: ask again
    /// for `target` (a server that did not follow the alias itself).
    case alias(target: String, ttl: UInt32)
    /// The name exists but has no records of the type (NOERROR, no answer).
    case noData
    /// NXDOMAIN: the name does not exist.
    case nameError
    /// Any other response code (SERVFAIL, REFUSED, ...).
    case serverError(UInt8)

    /// The longest CNAME chain followed in one response.
    public static let chainLimit = 8

    /// Reads `response` as the answer to `name` and `type`.
    public init(_ response: DNSMessage, name: String, type: DNSMessage.RecordType) {
        switch response.responseCode {
        case DNSMessage.ResponseCode.noError.rawValue: break
        case DNSMessage.ResponseCode.nameError.rawValue:
            self = .nameError
            return
        default:
            self = .serverError(response.responseCode)
            return
        }
        var current = DNSAnswer.canonical(name)
        var ttl = UInt32.max
        var hops = 0
        while true {
            let records = response.answers.filter { $0.name == current && $0.rclass == DNSMessage.classIN }
            let addresses = records.filter { $0.type == type.rawValue }.compactMap { r -> [UInt8]? in
                if case .address(let a) = r.data { return a }
                return nil
            }
            if !addresses.isEmpty {
                let least = records.filter { $0.type == type.rawValue }.map(\.ttl).min() ?? 0
                self = .addresses(addresses, canonicalName: current, ttl: min(ttl, least))
                return
            }
            guard let alias = records.first(where: { $0.type == DNSMessage.RecordType.cname.rawValue }),
                  case .canonicalName(let target) = alias.data else {
                self = hops == 0 ? .noData : .alias(target: current, ttl: ttl)
                return
            }
            ttl = min(ttl, alias.ttl)
            hops += 1
            if hops > DNSAnswer.chainLimit {
                self = .serverError(DNSMessage.ResponseCode.serverFailure.rawValue)
                return
            }
            current = target
        }
    }

    /// `name` as records carry it: lower-case, without a trailing dot.
    public static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }
}
