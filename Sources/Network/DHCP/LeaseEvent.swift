/// What happened to a lease while a `LeaseKeeper` served it: the sessions record these and
/// the keeper hands them on (to the menu's groups and the log).
public struct LeaseEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Renewed (at T1) or rebound (at T2): same address, new lifetime.
        case renewed
        /// A new lease bound after the old one was lost.
        case acquired
        /// The lease ended: `cause` says why (`DHCP NAK from 10.77.0.1`, `expired`); the
        /// address was removed and the client asks again.
        case lost(cause: String)
        /// Asking again after a loss gave nothing: the client stopped.
        case failed(reason: String)
    }

    public var kind: Kind
    /// `DHCPv4` or `DHCPv6`.
    public var family: String
    /// The leased address (of the lease lost, or of the lease now in force).
    public var address: String
    /// The server that answered (server identifier; DUID in hex for DHCPv6).
    public var server: String
    /// Lifetime granted, in seconds; nil when infinite (or after a loss).
    public var seconds: UInt32?
    /// Seconds until the client renews (T1); nil when infinite.
    public var renewalSeconds: UInt32?
    /// When it happened, in milliseconds of `CLOCK_MONOTONIC`.
    public var at: UInt64

    public init(kind: Kind, family: String, address: String, server: String, seconds: UInt32?,
                renewalSeconds: UInt32?, at: UInt64) {
        self.kind = kind
        self.family = family
        self.address = address
        self.server = server
        self.seconds = seconds
        self.renewalSeconds = renewalSeconds
        self.at = at
    }
}
