/// Decides whether an HTTP download goes on with `Range` after a failure, and when.
///
/// A connection that drops mid-body (closed early, reset, silent past the read timeout)
/// is resumed from the bytes received. Once resuming, a new connection that cannot be
/// made (refused, unreachable, connect timeout, silent during the TLS handshake) is
/// tried again after a pause, as the link or the server may come back (a cable pulled
/// and plugged, a server restarting); each such try counts against the same limit.
/// The first connection of a download is never retried: a dead server is a clear error
/// after one connect timeout. Anything else (an HTTP status, a malformed response, a
/// certificate) is final.
public struct ResumePolicy: Sendable, Equatable {
    /// What ended one connection of the download.
    public enum Failure: Sendable, Equatable {
        /// The connection ended or went silent before the body did.
        case dropped
        /// A new connection could not be made.
        case connectFailed
        /// Any other failure: final.
        case other
    }

    /// What to do next.
    public enum Decision: Sendable, Equatable {
        /// Connect again after `afterMs` milliseconds and ask for the rest with `Range`.
        case resume(afterMs: Int)
        /// Give up with the failure's own cause.
        case fail
    }

    /// The number of resumes (and reconnection tries) allowed for one download.
    public let limit: Int
    /// How many were used.
    public private(set) var resumes = 0
    /// Pause before the first reconnection after a failed connect; doubled each time.
    public static let firstReconnectPauseMs = 1000
    /// The longest pause between reconnection tries.
    public static let maximumReconnectPauseMs = 8000

    public init(limit: Int = 5) { self.limit = limit }

    /// The decision after `failure` with `received` bytes of the body in hand;
    /// `rangesAllowed` is false when the server said `Accept-Ranges: none`.
    public mutating func next(after failure: Failure, received: Int64, rangesAllowed: Bool) -> Decision {
        guard rangesAllowed, received > 0 else { return .fail }
        switch failure {
        case .other:
            return .fail
        case .dropped:
            guard resumes < limit else { return .fail }
            resumes += 1
            return .resume(afterMs: 0)
        case .connectFailed:
            // Only a reconnection (after a drop) is tried again.
            guard resumes > 0, resumes < limit else { return .fail }
            var pause = ResumePolicy.firstReconnectPauseMs
            var failedInARow = consecutiveConnectFailures
            while failedInARow > 0 && pause < ResumePolicy.maximumReconnectPauseMs {
                pause *= 2
                failedInARow -= 1
            }
            resumes += 1
            consecutiveConnectFailures += 1
            return .resume(afterMs: min(pause, ResumePolicy.maximumReconnectPauseMs))
        }
    }

    /// A connection was made again: the pause before a later reconnection starts over.
    public mutating func connected() { consecutiveConnectFailures = 0 }

    private var consecutiveConnectFailures = 0
}
