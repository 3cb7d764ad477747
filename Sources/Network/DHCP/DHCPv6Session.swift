#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetProtocols

/// DHCPv6 on one link: waits for the link-local address to pass DAD, runs
/// `DHCPv6.Client` over UDP 546 → ff02::1:2 port 547, and adds the leased address (/128).
public final class DHCPv6Session {
    public let link: NetworkLink
    public private(set) var client: DHCPv6.Client
    public private(set) var lease: DHCPv6.Lease?
    private var socket: UDPSocket?
    private var failure: DHCPv6.Client.Failure?
    /// The last failed send; counted as a lost packet and named in the failure.
    private var sendError: SystemError?

    public init(link: NetworkLink, identity: DHCPv6.Identity, configuration: DHCPv6.Client.Configuration) {
        self.link = link
        var counter: UInt32 = 0
        let seed = UInt32.random(in: 1...0xFF_FFFF)
        client = DHCPv6.Client(identity: identity, configuration: configuration,
                               nextXID: { counter &+= 1; return seed &+ counter &* 0x9E37_79B9 },
                               jitter: { Int64.random(in: -100...100) })
    }

    deinit { socket?.close() }

    /// Waits for a usable link-local address (at most `timeout` ms), then runs SOLICIT …
    /// REPLY until a lease is bound and its address added, or the client's timeout.
    public func acquire(netlink: inout Netlink, timeout: UInt64) throws(NetworkError) -> DHCPv6.Lease {
        let start = MonotonicTime.milliseconds()
        while true {
            let ll: (DHCPv6.Address, tentative: Bool)?
            do { ll = try netlink.linkLocalAddress(of: link) } catch { throw .system(error) }
            if let ll, !ll.tentative {
                Log.debug("\(link.name): link-local \(ll.0) ready")
                break
            }
            if MonotonicTime.milliseconds() - start >= timeout {
                throw .noLinkLocal(interface: link.name, seconds: timeout / 1000)
            }
            usleep(50_000)
        }
        do { socket = try UDPSocket(interface: link.name, index: link.index, port: 546, v6: true) } catch { throw .system(error) }
        Log.info("\(link.name): DHCPv6 SOLICIT")
        try perform(client.start(now: MonotonicTime.milliseconds()), netlink: &netlink)
        while lease == nil || client.state != .bound {
            if let failure {
                let cause = sendError.map { " (last send failed: \($0))" } ?? ""
                throw .noLeaseV6(interface: link.name, reason: failure.description + cause)
            }
            try step(netlink: &netlink, wait: true)
        }
        return lease!
    }

    /// Handles what is due without blocking (replies, retransmission, RENEW/REBIND); call it
    /// from a timer while the menu is open.
    @discardableResult
    public func service(netlink: inout Netlink) throws(NetworkError) -> DHCPv6.Lease? {
        if socket != nil { try step(netlink: &netlink, wait: false) }
        return lease
    }

    private func step(netlink: inout Netlink, wait: Bool) throws(NetworkError) {
        guard let socket else { return }
        let now = MonotonicTime.milliseconds()
        let timeout: Int32 = wait ? Int32(min(max(Int64(client.deadline ?? now + 1000) - Int64(now), 0), 1000)) : 0
        let bytes: [UInt8]?
        do { bytes = try socket.receive(timeout: timeout) } catch { throw .system(error) }
        if let bytes, let m = (try? DHCPv6.Message.decode(bytes)) ?? nil {
            try perform(client.receive(m, now: MonotonicTime.milliseconds()), netlink: &netlink)
        }
        try perform(client.tick(now: MonotonicTime.milliseconds()), netlink: &netlink)
    }

    private func perform(_ actions: [DHCPv6.Client.Action], netlink: inout Netlink) throws(NetworkError) {
        for action in actions {
            switch action {
            case .send(let m):
                do { try socket?.send(m.encoded(), to: .allServers, port: 547) } catch {
                    Log.debug("\(link.name): \(error)")
                    sendError = error
                }
            case .bound(let l):
                let valid: UInt32? = l.validSeconds == 0xFFFF_FFFF ? nil : l.validSeconds
                let preferred: UInt32? = l.preferredSeconds == 0xFFFF_FFFF ? nil : l.preferredSeconds
                do {
                    try netlink.addAddress(l.address, prefixLength: 128, on: link,
                                           validSeconds: valid, preferredSeconds: preferred)
                } catch { throw .system(error) }
                var text = "\(link.name): DHCPv6 lease \(l.address) for \(l.validSeconds) s"
                if let u = l.bootFileURL { text += " boot file URL \(u)" }
                Log.info(text)
                lease = l
            case .lost(let l):
                Log.error("\(link.name): DHCPv6 lease \(l.address) ended")
                lease = nil
            case .failed(let f):
                failure = f
            }
        }
    }
}
