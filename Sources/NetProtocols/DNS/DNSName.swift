/// Domain names as DNS messages carry them (RFC 1035 §3.1, §4.1.4): labels of at most 63
/// bytes, at most 255 bytes in all, and on reading, compression pointers.
public enum DNSName {
    /// Why a name could not be encoded or decoded.
    public enum Failure: Error, Equatable, Sendable {
        /// An empty label (`a..b`) or one longer than 63 bytes.
        case badLabel(String)
        /// The name is longer than 255 bytes in wire form.
        case tooLong
        /// A label or pointer runs past the end of the message.
        case truncated
        /// A pointer that does not point backwards (a loop), or a reserved label type.
        case badPointer(Int)
    }

    /// The wire form of `name` (`boot.lab` → `4 boot 3 lab 0`); a trailing dot is allowed.
    public static func encode(_ name: String) throws(Failure) -> [UInt8] {
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        var out: [UInt8] = []
        if !text.isEmpty {
            for label in text.split(separator: ".", omittingEmptySubsequences: false) {
                let bytes = Array(label.utf8)
                guard !bytes.isEmpty, bytes.count <= 63 else { throw .badLabel(String(label)) }
                out.append(UInt8(bytes.count))
                out += bytes
            }
        }
        out.append(0)
        guard out.count <= 255 else { throw .tooLong }
        return out
    }

    /// Reads the name at `offset` in `message`, following compression pointers; returns
    /// it (lower-case, dotted, no trailing dot; "" for the root) and the offset just past
    /// it where it started.
    public static func decode(_ message: [UInt8], at offset: Int) throws(Failure) -> (name: String, next: Int) {
        var labels: [String] = []
        var position = offset
        var next: Int?
        var length = 1
        // Each pointer must go strictly backwards, so there are no loops.
        var limit = offset
        while true {
            guard position < message.count else { throw .truncated }
            let byte = Int(message[position])
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    return (labels.joined(separator: "."), next ?? position + 1)
                }
                guard position + 1 + byte <= message.count else { throw .truncated }
                length += byte + 1
                guard length <= 255 else { throw .tooLong }
                let label = message[(position + 1)..<(position + 1 + byte)]
                labels.append(String(decoding: label, as: UTF8.self).lowercased())
                position += 1 + byte
            case 0xC0:
                guard position + 1 < message.count else { throw .truncated }
                let target = (byte & 0x3F) << 8 | Int(message[position + 1])
                if next == nil { next = position + 2 }
                guard target < limit else { throw .badPointer(target) }
                limit = target
                position = target
            default:
                throw .badPointer(position)
            }
        }
    }

    /// Whether `host` is a name with one label only (`provision`), which the search
    /// domains complete.
    public static func isSingleLabel(_ host: String) -> Bool {
        let text = Substring(host)
        if text.hasSuffix(".") { return false }
        return !text.isEmpty && !text.contains(".")
    }
}
