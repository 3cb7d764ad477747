/// A DNS message (RFC 1035 §4): the header fields a stub resolver uses, the questions and
/// the answer records. Authority and additional records are skipped on reading.
public struct DNSMessage: Equatable, Sendable {
    /// Record types a stub resolver asks for or follows.
    public enum RecordType: UInt16, Sendable {
        case a = 1
        case cname = 5
        case aaaa = 28
    }

    /// The class every record here has: Internet.
    public static let classIN: UInt16 = 1

    /// One question: a name and the type asked for.
    public struct Question: Equatable, Sendable {
        public var name: String
        public var type: UInt16
        public var qclass: UInt16

        public init(name: String, type: UInt16, qclass: UInt16 = DNSMessage.classIN) {
            self.name = name
            self.type = type
            self.qclass = qclass
        }
    }

    /// One resource record with its data decoded where the type is known.
    public struct Record: Equatable, Sendable {
        public enum Data: Equatable, Sendable {
            /// 4 bytes (A) or 16 bytes (AAAA).
            case address([UInt8])
            /// The canonical name (CNAME), lower-case.
            case canonicalName(String)
            /// Any other type, raw.
            case other([UInt8])
        }

        public var name: String
        public var type: UInt16
        public var rclass: UInt16
        /// Seconds the record may be cached.
        public var ttl: UInt32
        public var data: Data
    }

    /// Response codes (RFC 1035 §4.1.1).
    public enum ResponseCode: UInt8, Sendable {
        case noError = 0, formatError = 1, serverFailure = 2, nameError = 3, notImplemented = 4, refused = 5
    }

    /// The message ID a response repeats.
    public var id: UInt16
    /// Whether this is a response.
    public var isResponse: Bool
    /// TC: the message was cut to fit a UDP datagram.
    public var isTruncated: Bool
    /// RD: recursion asked for.
    public var recursionDesired: Bool
    /// The 4-bit response code (see `ResponseCode`).
    public var responseCode: UInt8
    public var questions: [Question]
    public var answers: [Record]

    public init(id: UInt16, isResponse: Bool = false, isTruncated: Bool = false, recursionDesired: Bool = true,
                responseCode: UInt8 = 0, questions: [Question], answers: [Record] = []) {
        self.id = id
        self.isResponse = isResponse
        self.isTruncated = isTruncated
        self.recursionDesired = recursionDesired
        self.responseCode = responseCode
        self.questions = questions
        self.answers = answers
    }

    /// A standard query for `name` and `type` with recursion desired.
    public static func query(id: UInt16, name: String, type: RecordType) -> DNSMessage {
        DNSMessage(id: id, questions: [Question(name: name, type: type.rawValue)])
    }

    /// Why a message could not be read or written.
    public enum Failure: Error, Equatable, Sendable {
        /// Fewer bytes than the header and counts say.
        case truncated
        /// A name in the message is malformed.
        case name(DNSName.Failure)
        /// An A/AAAA record whose data has the wrong length.
        case badRecord(String)
    }

    /// The wire form of a query (questions only; answers are never sent by a stub).
    public func bytes() throws(Failure) -> [UInt8] {
        var w = DHCPByteWriter()
        w.u16(id)
        var flags: UInt16 = 0
        if isResponse { flags |= 0x8000 }
        if isTruncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        flags |= UInt16(responseCode & 0x0F)
        w.u16(flags)
        w.u16(UInt16(questions.count))
        w.u16(0)
        w.u16(0)
        w.u16(0)
        for q in questions {
            do { w.append(try DNSName.encode(q.name)) } catch { throw .name(error) }
            w.u16(q.type)
            w.u16(q.qclass)
        }
        return w.bytes
    }

    /// Parses a message: header, questions, answer records.
    public init(parsing bytes: [UInt8]) throws(Failure) {
        var r = DHCPByteReader(bytes)
        guard let id = r.u16(), let flags = r.u16(), let qd = r.u16(), let an = r.u16(),
              r.u16() != nil, r.u16() != nil else { throw .truncated }
        self.id = id
        isResponse = flags & 0x8000 != 0
        isTruncated = flags & 0x0200 != 0
        recursionDesired = flags & 0x0100 != 0
        responseCode = UInt8(flags & 0x000F)
        var offset = r.offset
        questions = []
        for _ in 0..<qd {
            let (name, next) = try DNSMessage.name(bytes, offset)
            var q = DHCPByteReader(bytes, offset: next)
            guard let type = q.u16(), let qclass = q.u16() else { throw .truncated }
            questions.append(Question(name: name, type: type, qclass: qclass))
            offset = q.offset
        }
        answers = []
        for _ in 0..<an {
            do {
                let (record, next) = try DNSMessage.record(bytes, offset)
                answers.append(record)
                offset = next
            } catch {
                // A truncated response (TC) may end inside its records: keep the whole ones.
                if isTruncated && (error == .truncated || error == .name(.truncated)) { break }
                throw error
            }
        }
    }

    private static func name(_ bytes: [UInt8], _ offset: Int) throws(Failure) -> (String, Int) {
        do { return try DNSName.decode(bytes, at: offset) } catch { throw .name(error) }
    }

    private static func record(_ bytes: [UInt8], _ offset: Int) throws(Failure) -> (Record, Int) {
        let (name, next) = try DNSMessage.name(bytes, offset)
        var r = DHCPByteReader(bytes, offset: next)
        guard let type = r.u16(), let rclass = r.u16(), let ttl = r.u32(), let length = r.u16() else {
            throw .truncated
        }
        let start = r.offset
        guard let raw = r.take(Int(length)) else { throw .truncated }
        let data: Record.Data
        switch RecordType(rawValue: type) {
        case .a where rclass == classIN, .aaaa where rclass == classIN:
            let want = type == RecordType.a.rawValue ? 4 : 16
            guard raw.count == want else { throw .badRecord("\(name): type \(type) with \(raw.count) bytes") }
            data = .address(raw)
        case .cname:
            // The target may be compressed, pointing anywhere before it.
            let (target, end) = try DNSMessage.name(bytes, start)
            guard end <= start + Int(length) else { throw .badRecord("\(name): CNAME longer than its data") }
            data = .canonicalName(target)
        default:
            data = .other(raw)
        }
        // Record TTLs are 31-bit (RFC 2181 §8): larger values count as 0.
        return (Record(name: name, type: type, rclass: rclass, ttl: ttl > 0x7FFF_FFFF ? 0 : ttl, data: data), r.offset)
    }
}
