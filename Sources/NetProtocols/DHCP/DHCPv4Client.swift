extension DHCPv4 {
    /// The client state machine of RFC 2131 (4.1, 4.4): DISCOVER → OFFER → REQUEST → ACK,
    /// retransmission with exponential backoff, renewal and rebinding. Pure: the caller
    /// passes the time (milliseconds on a monotonic clock) and received messages, and
    /// carries out the returned actions; `deadline` says when to call `tick` next.
    public struct Client {
        /// Limits of one run.
        public struct Configuration: Sendable {
            /// Give up when no lease is bound this long after `start` (milliseconds; failures report
            /// it rounded up to whole seconds).
            public var timeout: UInt64
            /// After the first OFFER, wait this long for more (a proxy-DHCP OFFER) before REQUEST.
            public var offerWait: UInt64
            /// First retransmission delay (RFC 2131: 4 s), doubled up to `maximumDelay` (64 s).
            public var initialDelay: UInt64
            public var maximumDelay: UInt64

            public init(timeout: UInt64 = 30_000, offerWait: UInt64 = 1_000,
                        initialDelay: UInt64 = 4_000, maximumDelay: UInt64 = 64_000) {
                self.timeout = timeout
                self.offerWait = offerWait
                self.initialDelay = initialDelay
                self.maximumDelay = maximumDelay
            }
        }

        /// Where the client is.
        public enum State: Equatable, Sendable {
            case idle, selecting, requesting, bound, renewing, rebinding, failed
            /// Bound; asking the proxy-DHCP server's boot service (port 4011) for the boot file.
            case queryingBootServer
        }

        /// Why no lease was bound.
        public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
            /// No OFFER arrived within the timeout.
            case noOffer(seconds: UInt64)
            /// OFFERs arrived but no ACK for the REQUEST within the timeout.
            case noAck(server: Address, seconds: UInt64)
            /// The server refused (NAK) and no other lease came within the timeout.
            case refused(server: Address, message: String?)

            public var description: String {
                switch self {
                case .noOffer(let s): return "no DHCP offer within \(s) s"
                case .noAck(let server, let s): return "no DHCP ACK from \(server) within \(s) s"
                case .refused(let server, let m): return "DHCP NAK from \(server)" + (m.map { ": \($0)" } ?? "")
                }
            }
        }

        /// What the caller must do.
        public enum Action: Equatable, Sendable {
            /// Send the message to the server port (67) of `destination` (broadcast or unicast).
            case send(Message, destination: Address)
            /// Send the message to the PXE boot server port (4011) of `server` (PXE 2.1, 2.2.6:
            /// a proxy-DHCP OFFER without a boot file leaves it to this exchange).
            case sendToBootServer(Message, server: Address)
            /// A lease was bound (first time, renewed or rebound): configure the link.
            case bound(Lease)
            /// The lease ended (expired, or NAK while renewing): remove the address; the
            /// client starts over with DISCOVER.
            case lost(Lease)
            /// No lease: stop.
            case failed(Failure)
        }

        public let identity: Identity
        public let configuration: Configuration
        public private(set) var state: State = .idle
        /// The lease in force (bound, renewing, rebinding).
        public private(set) var lease: Lease?
        /// When `tick` must be called next; nil while nothing is pending.
        public private(set) var deadline: UInt64?
        /// The transaction ID of the exchange in progress.
        public private(set) var xid: UInt32

        private var nextXID: () -> UInt32
        private var jitter: () -> Int64
        private var startedAt: UInt64 = 0
        private var giveUpAt: UInt64 = 0
        private var resendAt: UInt64 = 0
        private var delay: UInt64 = 0
        private var offers: [Message] = []
        private var proxyOffer: Message?
        private var selectionEndsAt: UInt64?
        private var pending: Message?
        private var pendingDestination: Address = .broadcast
        private var lastNak: (Address, String?)?
        private var boundAt: UInt64 = 0
        private var serverAck: Message?
        private var bootServerTries = 0

        /// Delays between boot server requests (PXE 2.1: 1, 2, 3, 4 s), then the lease stands
        /// without a boot file.
        static let bootServerDelays: [UInt64] = [1_000, 2_000, 3_000, 4_000]

        /// The PXE boot server port.
        public static let bootServerPort: UInt16 = 4011

        /// - Parameters:
        ///   - nextXID: A fresh random transaction ID per exchange.
        ///   - jitter: Milliseconds in -1000...1000 added to each delay (RFC 2131 4.1's ±1 s).
        public init(identity: Identity, configuration: Configuration = .init(),
                    nextXID: @escaping () -> UInt32, jitter: @escaping () -> Int64) {
            self.identity = identity
            self.configuration = configuration
            self.nextXID = nextXID
            self.jitter = jitter
            xid = 0
        }

        /// Begins with a DISCOVER.
        public mutating func start(now: UInt64) -> [Action] {
            startedAt = now
            giveUpAt = now + configuration.timeout
            lastNak = nil
            return discover(now: now)
        }

        /// Handles a message received on the client port.
        public mutating func receive(_ m: Message, now: UInt64) -> [Action] {
            guard m.op == 2, m.xid == xid, m.chaddr.prefix(identity.mac.count).elementsEqual(identity.mac),
                  let type = m.messageType else { return [] }
            switch (state, type) {
            case (.selecting, .offer):
                if Lease.isProxyOffer(m) {
                    if proxyOffer == nil { proxyOffer = m }
                } else if m.yiaddr != .any, m.serverIdentifier != nil {
                    offers.append(m)
                    if selectionEndsAt == nil { selectionEndsAt = now + configuration.offerWait }
                }
                updateDeadline()
                return selectionEndsAt.map { now >= $0 } == true ? request(now: now) : []
            case (.requesting, .ack), (.renewing, .ack), (.rebinding, .ack):
                guard let l = Lease(ack: m, proxy: proxyOffer) else { return [] }
                let merged = lease.map { old in Self.keepingBootData(of: old, in: l) } ?? l
                let first = state == .requesting
                lease = merged
                serverAck = m
                state = .bound
                boundAt = now
                pending = nil
                updateDeadline()
                if first, merged.bootFile == nil, let proxy = proxyOffer {
                    return [.bound(merged)] + queryBootServer(proxy, now: now)
                }
                return [.bound(merged)]
            case (.queryingBootServer, .ack):
                guard let ack = serverAck, let l = Lease(ack: ack, proxy: m), l.bootFile != nil else { return [] }
                lease = l
                state = .bound
                pending = nil
                updateDeadline()
                return [.bound(l)]
            case (.requesting, .nak):
                lastNak = (m.serverIdentifier ?? m.siaddr, m.option(OptionCode.message).map(dhcpText))
                return now >= giveUpAt ? fail() : discover(now: now)
            case (.renewing, .nak), (.rebinding, .nak):
                let old = lease!
                lease = nil
                startedAt = now
                giveUpAt = now + configuration.timeout
                return [.lost(old)] + discover(now: now)
            default:
                return []
            }
        }

        /// Advances time: retransmits, moves from selecting to requesting, renews, gives up.
        public mutating func tick(now: UInt64) -> [Action] {
            switch state {
            case .idle, .failed:
                return []
            case .selecting:
                if let end = selectionEndsAt, now >= end { return request(now: now) }
                if now >= giveUpAt { return fail() }
                return now >= resendAt ? resend(now: now) : []
            case .requesting:
                if now >= giveUpAt { return fail() }
                return now >= resendAt ? resend(now: now) : []
            case .bound, .renewing, .rebinding:
                return leaseTick(now: now)
            case .queryingBootServer:
                guard now >= resendAt, let m = pending else { return [] }
                if bootServerTries >= Self.bootServerDelays.count {
                    // No answer: keep the lease with the proxy's next-server and no boot file.
                    state = .bound
                    pending = nil
                    updateDeadline()
                    return leaseTick(now: now)
                }
                resendAt = now + Self.bootServerDelays[bootServerTries]
                bootServerTries += 1
                updateDeadline()
                return [.sendToBootServer(m, server: pendingDestination)]
            }
        }

        private mutating func queryBootServer(_ proxy: Message, now: UInt64) -> [Action] {
            state = .queryingBootServer
            var m = baseMessage(now: now)
            m.flags = 0
            m.ciaddr = lease!.address
            m.options = [Option(OptionCode.messageType, [MessageType.request.rawValue])] + identity.commonOptions()
            let server = proxy.siaddr != .any ? proxy.siaddr : (proxy.serverIdentifier ?? .broadcast)
            pending = m
            pendingDestination = server
            bootServerTries = 1
            resendAt = now + Self.bootServerDelays[0]
            updateDeadline()
            return [.sendToBootServer(m, server: server)]
        }

        // MARK: - Steps

        private mutating func discover(now: UInt64) -> [Action] {
            state = .selecting
            xid = nextXID()
            offers = []
            proxyOffer = nil
            selectionEndsAt = nil
            var m = baseMessage(now: now)
            m.options = [Option(OptionCode.messageType, [MessageType.discover.rawValue])] + identity.commonOptions()
            return transmit(m, to: .broadcast, now: now)
        }

        private mutating func request(now: UInt64) -> [Action] {
            let offer = offers[0]
            selectionEndsAt = nil
            state = .requesting
            var m = baseMessage(now: now)
            m.options = [Option(OptionCode.messageType, [MessageType.request.rawValue]),
                         Option(OptionCode.requestedAddress, addresses: [offer.yiaddr]),
                         Option(OptionCode.serverIdentifier, addresses: [offer.serverIdentifier!])]
                + identity.commonOptions()
            return transmit(m, to: .broadcast, now: now)
        }

        private mutating func leaseTick(now: UInt64) -> [Action] {
            guard let l = lease, let total = l.leaseSeconds else { return [] }
            let t1 = boundAt + UInt64(l.renewalSeconds!) * 1000
            let t2 = boundAt + UInt64(l.rebindingSeconds!) * 1000
            let end = boundAt + UInt64(total) * 1000
            if now >= end {
                lease = nil
                startedAt = now
                giveUpAt = now + configuration.timeout
                return [.lost(l)] + discover(now: now)
            }
            if now >= t2 && state != .rebinding {
                state = .rebinding
                xid = nextXID()
                return renewalRequest(now: now, to: .broadcast, until: end)
            }
            if now >= t1 && state == .bound {
                state = .renewing
                xid = nextXID()
                return renewalRequest(now: now, to: l.serverIdentifier, until: t2)
            }
            if state != .bound, now >= resendAt, let m = pending {
                // RFC 2131 4.4.5: wait half the time left until T2 (or the end), at least 60 s.
                let limit = state == .renewing ? t2 : end
                resendAt = now + max((limit > now ? limit - now : 0) / 2, 60_000)
                updateDeadline()
                return [.send(m, destination: pendingDestination)]
            }
            updateDeadline()
            return []
        }

        private mutating func renewalRequest(now: UInt64, to destination: Address, until limit: UInt64) -> [Action] {
            var m = baseMessage(now: now)
            m.flags = 0
            m.ciaddr = lease!.address
            m.options = [Option(OptionCode.messageType, [MessageType.request.rawValue])] + identity.commonOptions()
            pending = m
            pendingDestination = destination
            resendAt = now + max((limit > now ? limit - now : 0) / 2, 60_000)
            updateDeadline()
            return [.send(m, destination: destination)]
        }

        private mutating func transmit(_ m: Message, to destination: Address, now: UInt64) -> [Action] {
            pending = m
            pendingDestination = destination
            delay = configuration.initialDelay
            resendAt = Self.add(now, delay, jitter())
            updateDeadline()
            return [.send(m, destination: destination)]
        }

        private mutating func resend(now: UInt64) -> [Action] {
            guard var m = pending else { return [] }
            m.secs = UInt16(min((now - startedAt) / 1000, 0xFFFF))
            pending = m
            delay = min(delay * 2, configuration.maximumDelay)
            resendAt = Self.add(now, delay, jitter())
            updateDeadline()
            return [.send(m, destination: pendingDestination)]
        }

        private mutating func fail() -> [Action] {
            let seconds = (configuration.timeout + 999) / 1000
            let failure: Failure
            if let (server, text) = lastNak {
                failure = .refused(server: server, message: text)
            } else if state == .requesting, let s = offers.first?.serverIdentifier {
                failure = .noAck(server: s, seconds: seconds)
            } else {
                failure = .noOffer(seconds: seconds)
            }
            state = .failed
            deadline = nil
            pending = nil
            return [.failed(failure)]
        }

        private func baseMessage(now: UInt64) -> Message {
            var m = Message()
            m.xid = xid
            m.secs = UInt16(min((now - startedAt) / 1000, 0xFFFF))
            m.flags = Message.broadcastFlag
            m.chaddr = identity.mac
            m.hlen = UInt8(identity.mac.count)
            return m
        }

        private mutating func updateDeadline() {
            switch state {
            case .idle, .failed:
                deadline = nil
            case .selecting:
                deadline = min(min(resendAt, giveUpAt), selectionEndsAt ?? .max)
            case .requesting:
                deadline = min(resendAt, giveUpAt)
            case .queryingBootServer:
                deadline = resendAt
            case .bound, .renewing, .rebinding:
                guard let l = lease, let total = l.leaseSeconds else { deadline = nil; return }
                let t1 = boundAt + UInt64(l.renewalSeconds!) * 1000
                let t2 = boundAt + UInt64(l.rebindingSeconds!) * 1000
                let end = boundAt + UInt64(total) * 1000
                switch state {
                case .bound: deadline = t1
                case .renewing: deadline = min(resendAt, t2)
                default: deadline = min(resendAt, end)
                }
            }
        }

        /// A renewed lease keeps the boot data (proxy-DHCP's) of the lease it renews.
        private static func keepingBootData(of old: Lease, in new: Lease) -> Lease {
            guard old.proxyServer != nil, new.bootFile == nil else { return new }
            var l = new
            l.nextServer = old.nextServer
            l.bootFile = old.bootFile
            l.tftpServerName = old.tftpServerName
            l.pxeConfigFile = old.pxeConfigFile
            l.pxePathPrefix = old.pxePathPrefix
            l.pxeRebootSeconds = old.pxeRebootSeconds
            l.proxyServer = old.proxyServer
            return l
        }

        private static func add(_ now: UInt64, _ delay: UInt64, _ jitter: Int64) -> UInt64 {
            let j = max(-1000, min(1000, jitter))
            let d = Int64(delay) + j
            return now + UInt64(max(d, 0))
        }
    }
}
