import LinuxSystem

/// Why an interface could not be configured. System call failures keep their `SystemError`.
public enum NetworkError: Error, CustomStringConvertible {
    /// No interface by that name.
    case noSuchInterface(String)
    /// The link stayed without carrier for the whole wait.
    case noCarrier(interface: String, seconds: UInt64)
    /// DHCPv4 gave no lease (no offer, no ACK, NAK).
    case noLease(interface: String, reason: String)
    /// DHCPv6 gave no lease.
    case noLeaseV6(interface: String, reason: String)
    /// The link never got a usable IPv6 link-local address (DAD still running or failed).
    case noLinkLocal(interface: String, seconds: UInt64)
    /// A system call failed.
    case system(SystemError)

    public var description: String {
        switch self {
        case .noSuchInterface(let i): return "\(i): no such network interface"
        case .noCarrier(let i, let s): return "\(i): no carrier after \(s) s (cable or switch port down?)"
        case .noLease(let i, let r): return "\(i): DHCPv4: \(r)"
        case .noLeaseV6(let i, let r): return "\(i): DHCPv6: \(r)"
        case .noLinkLocal(let i, let s): return "\(i): no IPv6 link-local address after \(s) s"
        case .system(let e): return "\(e)"
        }
    }
}
