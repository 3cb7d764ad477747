/// The auto-boot countdown. Times are milliseconds of a monotonic clock given by the
/// caller (a fake clock in tests).
public enum Countdown: Sendable, Equatable {
    /// Nothing to boot yet (no entries): starts when entries appear.
    case pending
    /// Boots the default when the clock reaches `deadline`.
    case running(deadline: Int64)
    /// Stopped by a key, or no timeout (wait forever), or already fired.
    case stopped

    /// Whole seconds left at `now`, rounded up; nil when not running.
    public func secondsLeft(at now: Int64) -> Int? {
        guard case .running(let deadline) = self else { return nil }
        let ms = max(0, deadline - now)
        return Int((ms + 999) / 1000)
    }
}
