#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address with a port, as the kernel's `sockaddr_in`/`sockaddr_in6`.
public struct SocketAddress: Equatable, Sendable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public var address: [UInt8]
    /// The port.
    public var port: UInt16
    /// The IPv6 scope (interface index) of a link-local address; 0 otherwise.
    public var scopeID: UInt32

    public init(address: [UInt8], port: UInt16, scopeID: UInt32 = 0) {
        self.address = address
        self.port = port
        self.scopeID = scopeID
    }

    /// Parses a numeric IPv4 or IPv6 address (`10.0.0.1`, `fd77::1`); nil for names.
    /// The corresponding C function is `inet_pton`.
    public init?(numeric text: String, port: UInt16) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.address = withUnsafeBytes(of: v4) { Array($0) }
        } else {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
            self.address = withUnsafeBytes(of: v6) { Array($0) }
        }
        self.port = port
        self.scopeID = 0
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { address.count == 16 }

    /// The address family (`AF_INET` or `AF_INET6`).
    var family: Int32 { isIPv6 ? AF_INET6 : AF_INET }

    public var description: String {
        var buf = [CChar](repeating: 0, count: 64)
        let text: String = address.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buf, socklen_t(buf.count)) == nil ? "?" : String(cString: buf)
        }
        return isIPv6 ? "[\(text)]:\(port)" : "\(text):\(port)"
    }

    /// Calls `body` with this address as a `sockaddr` and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if isIPv6 {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = port.bigEndian
            sa.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: address) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: address) }
        return withUnsafePointer(to: &sa) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    /// The address in a `sockaddr_storage` filled by `recvfrom`.
    init?(storage: sockaddr_storage) {
        var s = storage
        switch Int32(s.ss_family) {
        case AF_INET:
            let sa = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in.self) }
            self.address = withUnsafeBytes(of: sa.sin_addr) { Array($0) }
            self.port = UInt16(bigEndian: sa.sin_port)
            self.scopeID = 0
        case AF_INET6:
            let sa = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in6.self) }
            self.address = withUnsafeBytes(of: sa.sin6_addr) { Array($0) }
            self.port = UInt16(bigEndian: sa.sin6_port)
            self.scopeID = sa.sin6_scope_id
        default:
            return nil
        }
    }
}
