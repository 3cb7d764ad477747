/// A TFTP packet (RFC 1350), with the option extension (RFC 2347).
public enum TFTPPacket: Equatable, Sendable {
    /// Read request: file name, mode ("octet") and options in order.
    case readRequest(file: String, mode: String, options: [(String, String)])
    /// Data block.
    case data(block: UInt16, payload: [UInt8])
    /// Acknowledgement of a block (block 0 acknowledges an OACK).
    case ack(block: UInt16)
    /// Error with its code and message.
    case error(code: UInt16, message: String)
    /// Option acknowledgement (RFC 2347): the options the server accepted.
    case optionAck([(String, String)])

    public static func == (a: TFTPPacket, b: TFTPPacket) -> Bool {
        switch (a, b) {
        case let (.readRequest(f1, m1, o1), .readRequest(f2, m2, o2)):
            return f1 == f2 && m1 == m2 && o1.map(\.0) == o2.map(\.0) && o1.map(\.1) == o2.map(\.1)
        case let (.data(b1, p1), .data(b2, p2)): return b1 == b2 && p1 == p2
        case let (.ack(b1), .ack(b2)): return b1 == b2
        case let (.error(c1, m1), .error(c2, m2)): return c1 == c2 && m1 == m2
        case let (.optionAck(o1), .optionAck(o2)): return o1.map(\.0) == o2.map(\.0) && o1.map(\.1) == o2.map(\.1)
        default: return false
        }
    }

    /// Error codes of RFC 1350 and RFC 2347.
    public enum ErrorCode {
        public static let notDefined: UInt16 = 0
        public static let fileNotFound: UInt16 = 1
        public static let accessViolation: UInt16 = 2
        public static let unknownTransferID: UInt16 = 5
        public static let optionsRefused: UInt16 = 8
    }

    /// The packet's bytes on the wire.
    public var bytes: [UInt8] {
        switch self {
        case let .readRequest(file, mode, options):
            var b: [UInt8] = [0, 1]
            b += Array(file.utf8) + [0] + Array(mode.utf8) + [0]
            for (name, value) in options { b += Array(name.utf8) + [0] + Array(value.utf8) + [0] }
            return b
        case let .data(block, payload):
            return [0, 3, UInt8(block >> 8), UInt8(block & 0xff)] + payload
        case let .ack(block):
            return [0, 4, UInt8(block >> 8), UInt8(block & 0xff)]
        case let .error(code, message):
            return [0, 5, UInt8(code >> 8), UInt8(code & 0xff)] + Array(message.utf8) + [0]
        case let .optionAck(options):
            var b: [UInt8] = [0, 6]
            for (name, value) in options { b += Array(name.utf8) + [0] + Array(value.utf8) + [0] }
            return b
        }
    }

    /// Parses a received datagram; nil for a malformed or unknown packet.
    public init?(parsing b: [UInt8]) {
        guard b.count >= 2, b[0] == 0 else { return nil }
        func u16(_ i: Int) -> UInt16 { UInt16(b[i]) << 8 | UInt16(b[i + 1]) }
        switch b[1] {
        case 1:
            let strings = TFTPPacket.strings(b[2...])
            guard let s = strings, s.count >= 2, s.count % 2 == 0 else { return nil }
            var opts: [(String, String)] = []
            var i = 2
            while i < s.count { opts.append((s[i], s[i + 1])); i += 2 }
            self = .readRequest(file: s[0], mode: s[1], options: opts)
        case 3:
            guard b.count >= 4 else { return nil }
            self = .data(block: u16(2), payload: Array(b[4...]))
        case 4:
            guard b.count >= 4 else { return nil }
            self = .ack(block: u16(2))
        case 5:
            guard b.count >= 4 else { return nil }
            var text = b[4...]
            if let nul = text.firstIndex(of: 0) { text = text[..<nul] }
            self = .error(code: u16(2), message: String(decoding: text, as: UTF8.self))
        case 6:
            guard let s = TFTPPacket.strings(b[2...]), s.count % 2 == 0 else { return nil }
            var opts: [(String, String)] = []
            var i = 0
            while i < s.count { opts.append((s[i], s[i + 1])); i += 2 }
            self = .optionAck(opts)
        default:
            return nil
        }
    }

    /// NUL-terminated strings; nil when the last is not terminated.
    static func strings(_ b: ArraySlice<UInt8>) -> [String]? {
        if b.isEmpty { return [] }
        guard b.last == 0 else { return nil }
        return b.dropLast().split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }
}
