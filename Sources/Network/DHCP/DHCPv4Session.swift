import LinuxSystem
import NetProtocols

/// DHCPv4 on one link: runs `DHCPv4.Client` over a UDP socket on port 68 and applies
/// its leases with netlink (address, default route). The socket stays open so the lease
/// can be renewed later from a timer (`service`).
public final class DHCPv4Session {
    public let link: NetworkLink
    public private(set) var client: DHCPv4.Client
    /// The lease in force, after `acquire` succeeded.
    public private(set) var lease: DHCPv4.Lease?
    private let socket: UDPSocket
    private var failure: DHCPv4.Client.Failure?
    /// The last failed send: a send error counts as a lost packet (retransmission and the
    /// timeout still apply), and is named in the failure if no lease comes.
    private var sendError: SystemError?
    /// Set once `acquire` returned: what happens to the lease afterwards is recorded as events.
    private var kept = false
    private var events: [LeaseEvent] = []
    private var closed = false

    /// Opens the client socket on the link. The client is not started yet.
    public init(link: NetworkLink, identity: DHCPv4.Identity,
                configuration: DHCPv4.Client.Configuration) throws(SystemError) {
        self.link = link
        var rng = SystemRandomNumberGenerator()
        let xidSeed = UInt32.random(in: 1...UInt32.max, using: &rng)
        var counter: UInt32 = 0
        client = DHCPv4.Client(identity: identity, configuration: configuration,
                               nextXID: { counter &+= 1; return xidSeed &+ counter &* 0x9E37_79B9 },
                               jitter: { Int64.random(in: -1000...1000) })
        socket = try UDPSocket(interface: link.name, index: link.index, port: 68, v6: false)
    }

    deinit { close() }

    /// Closes the socket (at hand-off); the session sends nothing afterwards.
    public func close() {
        guard !closed else { return }
        closed = true
        socket.close()
    }

    /// The socket to wait on (readable when a reply came).
    var descriptor: FileDescriptor { socket.descriptor }

    /// When `service` must run next (renewal at T1, retransmission, rebinding, expiry); nil
    /// when nothing is pending (an infinite lease, or the client gave up).
    public var deadline: UInt64? { closed ? nil : client.deadline }

    /// The changes to the lease since the last call (renewed, lost, acquired again, failed),
    /// from the moment `acquire` returned.
    public func takeEvents() -> [LeaseEvent] {
        defer { events = [] }
        return events
    }

    /// Runs DISCOVER … ACK until a lease is bound and configured, or the client's timeout.
    public func acquire(netlink: inout Netlink) throws(NetworkError) -> DHCPv4.Lease {
        Log.info("\(link.name): DHCPv4 DISCOVER (\(link.macText), \(client.identity.vendorClass))")
        try perform(client.start(now: MonotonicTime.milliseconds()), netlink: &netlink)
        while lease == nil || client.state != .bound {
            if let failure {
                let cause = sendError.map { " (last send failed: \($0))" } ?? ""
                throw .noLease(interface: link.name, reason: failure.description + cause)
            }
            try step(netlink: &netlink, wait: true)
        }
        kept = true
        return lease!
    }

    /// Handles what is due without blocking: received replies, retransmissions, renewal at
    /// T1 and rebinding at T2. Call it from a timer while the menu is open (at least by
    /// `client.deadline`). Returns the lease in force afterwards.
    @discardableResult
    public func service(netlink: inout Netlink) throws(NetworkError) -> DHCPv4.Lease? {
        guard !closed else { return nil }
        try step(netlink: &netlink, wait: false)
        return lease
    }

    private func step(netlink: inout Netlink, wait: Bool) throws(NetworkError) {
        let now = MonotonicTime.milliseconds()
        let timeout: Int32 = wait ? Int32(min(max(Int64(client.deadline ?? now + 1000) - Int64(now), 0), 1000)) : 0
        let bytes: [UInt8]?
        do { bytes = try socket.receive(timeout: timeout) } catch { throw .system(error) }
        if let bytes, let m = try? DHCPv4.Message.decode(bytes) {
            if let t = m.messageType, m.xid == client.xid {
                Log.debug("\(link.name): DHCPv4 \(t) from \(m.serverIdentifier ?? m.siaddr)")
            }
            try perform(client.receive(m, now: MonotonicTime.milliseconds()), netlink: &netlink,
                        refusedBy: m.messageType == .nak ? (m.serverIdentifier ?? m.siaddr) : nil)
        }
        try perform(client.tick(now: MonotonicTime.milliseconds()), netlink: &netlink)
    }

    /// Carries out the client's actions; `refusedBy` names the server when they answer a NAK.
    private func perform(_ actions: [DHCPv4.Client.Action], netlink: inout Netlink,
                         refusedBy: DHCPv4.Address? = nil) throws(NetworkError) {
        for action in actions {
            switch action {
            case .send(let m, let destination):
                send(m, to: destination, port: 67)
            case .sendToBootServer(let m, let server):
                Log.info("\(link.name): asking PXE boot server \(server):\(DHCPv4.Client.bootServerPort) for the boot file")
                send(m, to: server, port: DHCPv4.Client.bootServerPort)
            case .bound(let l):
                let renewal = lease != nil
                try configure(l, netlink: &netlink, quiet: kept && renewal)
                lease = l
                if kept { record(renewal ? .renewed : .acquired, l) }
            case .lost(let l):
                let cause = refusedBy.map { "DHCP NAK from \($0)" } ?? "expired"
                Log.error("\(link.name): DHCPv4 lease \(l.address) from \(l.serverIdentifier) ended (\(cause)); removing it")
                try? netlink.removeAddress(l.address, prefixLength: l.prefixLength, on: link)
                lease = nil
                if kept { record(.lost(cause: cause), l) }
            case .failed(let f):
                failure = f
                if kept {
                    events.append(LeaseEvent(kind: .failed(reason: f.description), family: "DHCPv4", address: "",
                                             server: "", seconds: nil, renewalSeconds: nil, at: MonotonicTime.milliseconds()))
                }
            }
        }
    }

    private func send(_ m: DHCPv4.Message, to destination: DHCPv4.Address, port: UInt16) {
        do {
            try socket.send(m.encoded(), to: destination, port: port)
        } catch {
            Log.debug("\(link.name): \(error)")
            sendError = error
        }
    }

    private func record(_ kind: LeaseEvent.Kind, _ l: DHCPv4.Lease) {
        let lost: Bool
        if case .lost = kind { lost = true } else { lost = false }
        events.append(LeaseEvent(kind: kind, family: "DHCPv4", address: l.address.description,
                                 server: l.serverIdentifier.description, seconds: lost ? nil : l.leaseSeconds,
                                 renewalSeconds: lost ? nil : l.renewalSeconds, at: MonotonicTime.milliseconds()))
    }

    /// Applies a lease: address with its lifetime, default route (both replacing what a
    /// renewal finds). `quiet` leaves the log line to the caller (a renewal's event).
    private func configure(_ l: DHCPv4.Lease, netlink: inout Netlink, quiet: Bool = false) throws(NetworkError) {
        do {
            try netlink.addAddress(l.address, prefixLength: l.prefixLength, broadcast: l.broadcast,
                                   on: link, lifetimeSeconds: l.leaseSeconds)
            if let router = l.routers.first {
                let mask: UInt32 = l.prefixLength == 0 ? 0 : ~UInt32(0) << UInt32(32 - l.prefixLength)
                let onLink = router.value & mask != l.address.value & mask
                try netlink.addDefaultRoute(via: router, on: link, onLink: onLink)
            }
        } catch { throw .system(error) }
        if quiet { return }
        var text = "\(link.name): DHCPv4 lease \(l.address)/\(l.prefixLength) from \(l.serverIdentifier)"
        if let r = l.routers.first { text += " router \(r)" }
        if let s = l.leaseSeconds { text += " for \(s) s" }
        if let f = l.bootFile { text += " boot file \(f)" }
        if let n = l.nextServer { text += " next-server \(n)" }
        if let p = l.proxyServer { text += " (proxy-DHCP \(p))" }
        Log.info(text)
    }
}
