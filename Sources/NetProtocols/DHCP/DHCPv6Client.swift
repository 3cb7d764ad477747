extension DHCPv6 {
    /// The client of RFC 8415 (18.2): SOLICIT → ADVERTISE → REQUEST → REPLY, retransmission
    /// by section 15 (RT = 2·RTprev + RAND·RTprev, RAND in ±0.1), RENEW at T1 and REBIND at T2.
    /// Pure: times are milliseconds on a monotonic clock the caller passes in.
    public struct Client {
        /// Limits of one run.
        public struct Configuration: Sendable {
            /// Give up when no lease is bound this long after `start` (milliseconds).
            public var timeout: UInt64
            public init(timeout: UInt64 = 30_000) { self.timeout = timeout }
        }

        public enum State: Equatable, Sendable { case idle, soliciting, requesting, bound, renewing, rebinding, failed }

        /// Why no lease was bound.
        public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
            case noAdvertise(seconds: UInt64)
            case noReply(seconds: UInt64)
            public var description: String {
                switch self {
                case .noAdvertise(let s): return "no DHCPv6 advertise within \(s) s"
                case .noReply(let s): return "no DHCPv6 reply within \(s) s"
                }
            }
        }

        public enum Action: Equatable, Sendable {
            /// Send to ff02::1:2 port 547 on the link.
            case send(Message)
            case bound(Lease)
            case lost(Lease)
            case failed(Failure)
        }

        /// Retransmission parameters of RFC 8415 7.6 (milliseconds).
        struct Timing { var initial: UInt64; var maximum: UInt64; var maximumCount: Int }
        static let solicit = Timing(initial: 1_000, maximum: 3_600_000, maximumCount: 0)
        static let request = Timing(initial: 1_000, maximum: 30_000, maximumCount: 10)
        static let renew = Timing(initial: 10_000, maximum: 600_000, maximumCount: 0)

        public let identity: Identity
        public let configuration: Configuration
        public private(set) var state: State = .idle
        public private(set) var lease: Lease?
        public private(set) var deadline: UInt64?
        public private(set) var transactionID: UInt32 = 0

        private var nextXID: () -> UInt32
        private var jitter: () -> Int64
        private var exchangeStart: UInt64 = 0
        private var giveUpAt: UInt64 = 0
        private var resendAt: UInt64 = 0
        private var rt: UInt64 = 0
        private var count = 0
        private var timing = Client.solicit
        private var pending: Message?
        private var best: (Lease, Message)?
        private var selectionEndsAt: UInt64?
        private var boundAt: UInt64 = 0

        /// - Parameters:
        ///   - nextXID: A fresh random transaction ID (24 bits used).
        ///   - jitter: RAND in thousandths, -100...100.
        public init(identity: Identity, configuration: Configuration = .init(),
                    nextXID: @escaping () -> UInt32, jitter: @escaping () -> Int64) {
            self.identity = identity
            self.configuration = configuration
            self.nextXID = nextXID
            self.jitter = jitter
        }

        public mutating func start(now: UInt64) -> [Action] {
            giveUpAt = now + configuration.timeout
            return solicit(now: now)
        }

        public mutating func receive(_ m: Message, now: UInt64) -> [Action] {
            guard m.transactionID == transactionID, m.option(OptionCode.clientID) == identity.duid else { return [] }
            switch (state, m.type) {
            case (.soliciting, .advertise):
                guard let l = Lease(m, iaid: identity.iaid) else { return [] }
                if best == nil || l.preference > best!.0.preference { best = (l, m) }
                // RFC 8415 18.2.1: preference 255 is taken at once, else wait out the first RT.
                if l.preference == 255 { return request(now: now) }
                if selectionEndsAt == nil { selectionEndsAt = max(resendAt, now) }
                updateDeadline()
                return []
            case (.requesting, .reply), (.renewing, .reply), (.rebinding, .reply):
                guard let l = Lease(m, iaid: identity.iaid) else { return [] }
                lease = l
                state = .bound
                boundAt = now
                pending = nil
                updateDeadline()
                return [.bound(l)]
            default:
                return []
            }
        }

        public mutating func tick(now: UInt64) -> [Action] {
            switch state {
            case .idle, .failed: return []
            case .soliciting:
                if let end = selectionEndsAt, now >= end { return request(now: now) }
                if now >= giveUpAt { return fail(.noAdvertise(seconds: (configuration.timeout + 999) / 1000)) }
                return now >= resendAt ? resend(now: now) : []
            case .requesting:
                if now >= giveUpAt { return fail(.noReply(seconds: (configuration.timeout + 999) / 1000)) }
                if now >= resendAt {
                    if count >= timing.maximumCount { return solicit(now: now) }
                    return resend(now: now)
                }
                return []
            case .bound, .renewing, .rebinding:
                return leaseTick(now: now)
            }
        }

        private mutating func solicit(now: UInt64) -> [Action] {
            state = .soliciting
            best = nil
            selectionEndsAt = nil
            transactionID = nextXID() & 0xFF_FFFF
            exchangeStart = now
            let m = Message(type: .solicit, transactionID: transactionID,
                            options: identity.commonOptions(elapsedCentiseconds: 0) + [identity.iaNA()])
            // RFC 8415 18.2.1: the first Solicit's RAND is strictly positive.
            return transmit(m, timing: Self.solicit, now: now, firstJitter: abs(jitter()))
        }

        private mutating func request(now: UInt64) -> [Action] {
            let (l, advertise) = best!
            selectionEndsAt = nil
            state = .requesting
            transactionID = nextXID() & 0xFF_FFFF
            exchangeStart = now
            var m = Message(type: .request, transactionID: transactionID)
            m.options = identity.commonOptions(elapsedCentiseconds: 0)
                + [Option(OptionCode.serverID, l.serverID), requestedIA(from: advertise)]
            return transmit(m, timing: Self.request, now: now, firstJitter: jitter())
        }

        private mutating func leaseTick(now: UInt64) -> [Action] {
            guard let l = lease, l.validSeconds != 0xFFFF_FFFF else { return [] }
            let t1 = boundAt + UInt64(l.renewalSeconds) * 1000
            let t2 = boundAt + UInt64(l.rebindingSeconds) * 1000
            let end = boundAt + UInt64(l.validSeconds) * 1000
            if now >= end {
                lease = nil
                giveUpAt = now + configuration.timeout
                return [.lost(l)] + solicit(now: now)
            }
            if now >= t2 && state != .rebinding {
                state = .rebinding
                return renewal(.rebind, lease: l, now: now)
            }
            if now >= t1 && state == .bound {
                state = .renewing
                return renewal(.renew, lease: l, now: now)
            }
            if state != .bound && now >= resendAt { return resend(now: now) }
            updateDeadline()
            return []
        }

        private mutating func renewal(_ type: MessageType, lease l: Lease, now: UInt64) -> [Action] {
            transactionID = nextXID() & 0xFF_FFFF
            exchangeStart = now
            var m = Message(type: type, transactionID: transactionID)
            m.options = identity.commonOptions(elapsedCentiseconds: 0)
            if type == .renew { m.options.append(Option(OptionCode.serverID, l.serverID)) }
            m.options.append(identity.iaNA([Self.iaAddress(l.address)]))
            return transmit(m, timing: Self.renew, now: now, firstJitter: jitter())
        }

        private func requestedIA(from advertise: Message) -> Option {
            advertise.options.first { o in
                var r = DHCPByteReader(o.data)
                return o.code == OptionCode.iaNA && r.u32() == identity.iaid
            } ?? identity.iaNA()
        }

        private static func iaAddress(_ a: Address) -> Option {
            var w = DHCPByteWriter()
            w.append(a.bytes); w.u32(0); w.u32(0)
            return Option(OptionCode.iaAddress, w.bytes)
        }

        private mutating func transmit(_ m: Message, timing t: Timing, now: UInt64, firstJitter: Int64) -> [Action] {
            timing = t
            count = 1
            pending = m
            rt = Self.scale(t.initial, by: firstJitter)
            resendAt = now + rt
            updateDeadline()
            return [.send(m)]
        }

        private mutating func resend(now: UInt64) -> [Action] {
            guard var m = pending else { return [] }
            let elapsed = UInt16(min((now - exchangeStart) / 10, 0xFFFF))
            if let i = m.options.firstIndex(where: { $0.code == OptionCode.elapsedTime }) {
                m.options[i].data = [UInt8(elapsed >> 8), UInt8(elapsed & 0xFF)]
            }
            pending = m
            count += 1
            rt = 2 * rt + Self.scale(rt, by: jitter()) - rt
            if rt > timing.maximum { rt = Self.scale(timing.maximum, by: jitter()) }
            resendAt = now + rt
            updateDeadline()
            return [.send(m)]
        }

        private mutating func fail(_ f: Failure) -> [Action] {
            state = .failed
            deadline = nil
            pending = nil
            return [.failed(f)]
        }

        private mutating func updateDeadline() {
            switch state {
            case .idle, .failed: deadline = nil
            case .soliciting: deadline = min(min(resendAt, giveUpAt), selectionEndsAt ?? .max)
            case .requesting: deadline = min(resendAt, giveUpAt)
            case .bound, .renewing, .rebinding:
                guard let l = lease, l.validSeconds != 0xFFFF_FFFF else { deadline = nil; return }
                let t1 = boundAt + UInt64(l.renewalSeconds) * 1000
                let t2 = boundAt + UInt64(l.rebindingSeconds) * 1000
                let end = boundAt + UInt64(l.validSeconds) * 1000
                deadline = state == .bound ? t1 : state == .renewing ? min(resendAt, t2) : min(resendAt, end)
            }
        }

        /// `value · (1 + permille/1000)`, permille clamped to ±100.
        static func scale(_ value: UInt64, by permille: Int64) -> UInt64 {
            let p = max(-100, min(100, permille))
            return UInt64(Int64(value) + Int64(value) * p / 1000)
        }
    }
}
