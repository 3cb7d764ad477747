#if canImport(Glibc)
import Glibc
#endif

/// Events of `poll(2)`.
public struct PollEvents: OptionSet, Sendable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public static let input = PollEvents(rawValue: Int16(POLLIN))
    public static let output = PollEvents(rawValue: Int16(POLLOUT))
    public static let error = PollEvents(rawValue: Int16(POLLERR))
    public static let hangUp = PollEvents(rawValue: Int16(POLLHUP))
}

/// Waits for events on several descriptors.
///
/// - Parameters:
///   - descriptors: What to wait for, per descriptor.
///   - timeout: Milliseconds; -1 waits forever.
/// - Returns: The events that happened, one per descriptor (empty when none).
/// The corresponding C function is `poll`. EINTR returns no events.
public func poll(_ descriptors: [(FileDescriptor, PollEvents)], timeout: Int32) throws(SystemError) -> [PollEvents] {
    var fds = descriptors.map { pollfd(fd: $0.0.rawValue, events: $0.1.rawValue, revents: 0) }
    let result = valueOrErrno(retryOnInterrupt: false) { poll(&fds, nfds_t(fds.count), timeout) }
    switch result {
    case .success: return fds.map { PollEvents(rawValue: $0.revents) }
    case .failure(let e) where e.code == EINTR: return fds.map { _ in [] }
    case .failure(let e): throw SystemError(call: "poll", errno: e.code)
    }
}
