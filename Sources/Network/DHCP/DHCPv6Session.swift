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
    /// Set once `acquire` returned: what happens to the lease afterwards is recorded as events.
    private var kept = false
    private var events: [LeaseEvent] = []

    public init(link: NetworkLink, identity: DHCPv6.Identity, configuration: DHCPv6.Client.Configuration) {
        self.link = link
        var counter: UInt32 = 0
        let seed = UInt32.random(in: 1...0xFF_FFFF)
        client = DHCPv6.Client(identity: identity, configuration: configuration,
                               nextXID: { counter &+= 1; return seed &+ counter &* 0x9E37_79B9 },
                               jitter: { Int64.random(in: -100...100) })
    }

    deinit { close() }

    /// Closes the socket (at hand-off); the session sends nothing afterwards.
    public func close() {
        socket?.close()
        socket = nil
    }

    /// The socket to wait on, once `acquire` opened it.
    var descriptor: FileDescriptor? { socket?.descriptor }

    /// When `service` must run next (RENEW at T1, retransmission, REBIND, expiry); nil when
    /// nothing is pending.
    public var deadline: UInt64? { socket == nil ? nil : client.deadline }

    /// The changes to the lease since the last call, from the moment `acquire` returned.
    public func takeEvents() -> [LeaseEvent] {
        defer { events = [] }
        return events
    }

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
        kept = true
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

    private func record(_ kind: LeaseEvent.Kind, _ l: DHCPv6.Lease) {
        let infinite = l.validSeconds == 0xFFFF_FFFF
        var live = true
        if case .lost = kind { live = false }
        events.append(LeaseEvent(kind: kind, family: "DHCPv6", address: l.address.description,
                                 server: Self.hex(l.serverID),
                                 seconds: live && !infinite ? l.validSeconds : nil,
                                 renewalSeconds: live && !infinite ? l.renewalSeconds : nil, at: MonotonicTime.milliseconds()))
    }

    /// A DUID as lower-case hex.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
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
                let renewal = lease != nil
                let valid: UInt32? = l.validSeconds == 0xFFFF_FFFF ? nil : l.validSeconds
                let preferred: UInt32? = l.preferredSeconds == 0xFFFF_FFFF ? nil : l.preferredSeconds
                do {
                    try netlink.addAddress(l.address, prefixLength: 128, on: link,
                                           validSeconds: valid, preferredSeconds: preferred)
                } catch { throw .system(error) }
                if !(kept && renewal) {
                    var text = "\(link.name): DHCPv6 lease \(l.address) for \(l.validSeconds) s"
                    if let u = l.bootFileURL { text += " boot file URL \(u)" }
                    Log.info(text)
                }
                lease = l
                if kept { record(renewal ? .renewed : .acquired, l) }
            case .lost(let l):
                // Only expiry ends a DHCPv6 lease here: the kernel drops the address at the
                // end of its valid lifetime, which is this moment.
                Log.error("\(link.name): DHCPv6 lease \(l.address) ended (expired)")
                lease = nil
                if kept { record(.lost(cause: "expired"), l) }
            case .failed(let f):
                failure = f
                if kept {
                    events.append(LeaseEvent(kind: .failed(reason: f.description), family: "DHCPv6", address: "",
                                             server: "", seconds: nil, renewalSeconds: nil, at: MonotonicTime.milliseconds()))
                }
            }
        }
    }
}
