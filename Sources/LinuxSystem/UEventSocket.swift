#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A netlink socket receiving the kernel's device events (`NETLINK_KOBJECT_UEVENT`).
public struct UEventSocket: Sendable {
    /// The non-blocking socket; poll it for `.input`.
    public let descriptor: FileDescriptor

    /// Opens the socket bound to the kernel's multicast group 1.
    /// The corresponding C calls are `socket(AF_NETLINK, …, NETLINK_KOBJECT_UEVENT)` and `bind`.
    public init() throws(SystemError) {
        let fd = try valueOrErrno(retryOnInterrupt: true) { clinux_uevent_socket(1) }.get("socket(NETLINK_KOBJECT_UEVENT)")
        descriptor = FileDescriptor(rawValue: fd)
    }

    /// Receives one message, or nil when none is waiting.
    /// The corresponding C function is `recv`.
    public func receive() throws(SystemError) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 8192)
        let result = buffer.withUnsafeMutableBytes { raw in
            valueOrErrno(retryOnInterrupt: true) { recv(descriptor.rawValue, raw.baseAddress, raw.count, 0) }
        }
        switch result {
        case .success(let n):
            buffer.removeSubrange(n...)
            return buffer
        case .failure(let e) where e.code == EAGAIN || e.code == EWOULDBLOCK:
            return nil
        case .failure(let e):
            throw SystemError(call: "recv", path: "uevent socket", errno: e.code)
        }
    }

    /// Closes the socket.
    public func close() { descriptor.close() }
}
