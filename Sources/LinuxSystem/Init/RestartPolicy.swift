/// When PID 1 gives up restarting the menu: after `limit` quick failures in a row
/// (each within `quickSeconds` of its start), it asks the user instead.
public struct RestartPolicy: Sendable, Equatable {
    /// What to do after the menu process ended.
    public enum Decision: Sendable, Equatable {
        case restart
        case askUser
    }

    public var limit: Int
    public var quickSeconds: Int
    /// Quick failures in a row so far.
    public private(set) var quickFailures = 0

    public init(limit: Int = 3, quickSeconds: Int = 10) {
        self.limit = limit
        self.quickSeconds = quickSeconds
    }

    /// Records a failed run that lasted `seconds`.
    public mutating func failed(afterSeconds seconds: Int) -> Decision {
        quickFailures = seconds < quickSeconds ? quickFailures + 1 : 0
        if quickFailures >= limit {
            quickFailures = 0
            return .askUser
        }
        return .restart
    }

    /// Forgets earlier failures (after a successful hand-off attempt or a user's retry).
    public mutating func reset() { quickFailures = 0 }
}
