/// A network lease's times on the menu's clock (milliseconds of `CLOCK_MONOTONIC`), so the
/// details screen can say when it was last renewed and how long it has left at each redraw.
public struct LeaseTimes: Sendable, Equatable {
    /// What is leased: `DHCPv4 10.77.0.50`, `DHCPv6 fd77::150`.
    public var name: String
    /// When the lease in force was first bound.
    public var obtainedAt: Int64
    /// When it was last renewed (or rebound); nil while it never was.
    public var renewedAt: Int64?
    /// How many times it was renewed.
    public var renewals: Int
    /// When it runs out; nil for an infinite lease.
    public var endsAt: Int64?
    /// When the client asks to renew it next (T1); nil for an infinite lease.
    public var renewsAt: Int64?

    public init(name: String, obtainedAt: Int64, renewedAt: Int64? = nil, renewals: Int = 0,
                endsAt: Int64? = nil, renewsAt: Int64? = nil) {
        self.name = name
        self.obtainedAt = obtainedAt
        self.renewedAt = renewedAt
        self.renewals = renewals
        self.endsAt = endsAt
        self.renewsAt = renewsAt
    }

    /// The lease after a renewal at `now` that granted `seconds` (nil: infinite) with T1
    /// after `renewalSeconds`.
    public func renewed(at now: Int64, seconds: UInt32?, renewalSeconds: UInt32?) -> LeaseTimes {
        var l = self
        l.renewedAt = now
        l.renewals += 1
        l.endsAt = seconds.map { now + Int64($0) * 1000 }
        l.renewsAt = renewalSeconds.map { now + Int64($0) * 1000 }
        return l
    }

    /// `renewed 3 times, last 4 s ago`, or `not yet (obtained 12 s ago)`.
    public func renewalText(now: Int64) -> String {
        guard let r = renewedAt else { return "not yet (obtained \(Self.duration(now - obtainedAt)) ago)" }
        let times = renewals == 1 ? "once" : "\(renewals) times"
        return "\(times), last \(Self.duration(now - r)) ago"
    }

    /// `116 s left, renewal in 6 s`; `116 s left, renewing` once T1 has passed;
    /// `expired`; `infinite`.
    public func timeLeftText(now: Int64) -> String {
        guard let end = endsAt else { return "infinite" }
        if now >= end { return "expired" }
        var text = "\(Self.duration(end - now)) left"
        if let t1 = renewsAt { text += now >= t1 ? ", renewing" : ", renewal in \(Self.duration(t1 - now))" }
        return text
    }

    /// Whole seconds rounded down: `42 s`, `2 min 05 s`, `1 h 00 min`.
    public static func duration(_ milliseconds: Int64) -> String {
        let s = max(milliseconds, 0) / 1000
        if s < 120 { return "\(s) s" }
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s < 3600 { return "\(s / 60) min \(two(s % 60)) s" }
        return "\(s / 3600) h \(two(s % 3600 / 60)) min"
    }
}
