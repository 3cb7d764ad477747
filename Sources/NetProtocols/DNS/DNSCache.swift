/// A small resolver cache: addresses per host name with the time they expire, the oldest
/// entry dropped when full. Times are the caller's monotonic seconds, so tests drive it.
public struct DNSCache: Sendable {
    struct Entry: Sendable {
        var addresses: [[UInt8]]
        var expires: Double
        var added: Double
    }

    private var entries: [String: Entry] = [:]
    /// Entries kept at most.
    public let capacity: Int

    public init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// The cached addresses of `host` at time `now`, nil when none or expired.
    public func lookup(_ host: String, now: Double) -> [[UInt8]]? {
        guard let e = entries[host.lowercased()], e.expires > now else { return nil }
        return e.addresses
    }

    /// Keeps `addresses` for `host` for `ttl` seconds from `now` (a TTL of 0 is not cached).
    public mutating func store(_ host: String, addresses: [[UInt8]], ttl: UInt32, now: Double) {
        guard ttl > 0, !addresses.isEmpty else { return }
        entries = entries.filter { $0.value.expires > now }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.added < $1.value.added }) {
            entries[oldest.key] = nil
        }
        entries[host.lowercased()] = Entry(addresses: addresses, expires: now + Double(ttl), added: now)
    }

    /// Forgets everything (the servers changed).
    public mutating func removeAll() { entries = [:] }

    /// How many entries are held.
    public var count: Int { entries.count }
}
