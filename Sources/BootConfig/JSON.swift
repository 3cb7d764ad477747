/// A minimal JSON value and writer (the PID-1 binary links no Foundation).
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSON])
    /// Keys keep their order, so output is stable.
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Serializes with two-space indentation.
    public func rendered(indent: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(to: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the serialization as UTF-8 bytes (one buffer, no per-value strings).
    private func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): JSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            for i in items.indices {
                Self.pad(&out, indent + 2)
                items[i].write(to: &out, indent: indent + 2)
                if i != items.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.pad(&out, indent)
            out.append(0x5D)
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for i in members.indices {
                Self.pad(&out, indent + 2)
                JSON.quote(members[i].0, into: &out)
                out.append(0x3A)
                out.append(0x20)
                members[i].1.write(to: &out, indent: indent + 2)
                if i != members.count - 1 { out.append(0x2C) }
                out.append(0x0A)
            }
            Self.pad(&out, indent)
            out.append(0x7D)
        }
    }

    private static func pad(_ out: inout [UInt8], _ count: Int) {
        out.append(contentsOf: repeatElement(0x20, count: count))
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal, in UTF-8: runs of bytes that need no escape
    /// are copied whole; `"`, `\` and control characters are escaped.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let count = bytes.count
            var run = 0  // start of the bytes not yet copied
            var i = 0
            while i < count {
                // Eight bytes at a time while none of them needs an escape.
                if i + 8 <= count, !mayNeedEscape(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                    continue
                }
                let end = min(i + 8, count)
                while i < end {
                    let b = bytes[i]
                    i += 1
                    guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<(i - 1)]))
                    run = i
                    switch b {
                    case 0x22: out.append(contentsOf: "\\\"".utf8)
                    case 0x5C: out.append(contentsOf: "\\\\".utf8)
                    case 0x0A: out.append(contentsOf: "\\n".utf8)
                    case 0x0D: out.append(contentsOf: "\\r".utf8)
                    case 0x09: out.append(contentsOf: "\\t".utf8)
                    default:
                        let hex: [UInt8] = Array("0123456789abcdef".utf8)
                        out.append(contentsOf: "\\u00".utf8)
                        out.append(hex[Int(b >> 4)])
                        out.append(hex[Int(b & 0xF)])
                    }
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(0x22)
    }

    /// Whether any of the 8 bytes of `word` may be `"`, `\` or a control character
    /// (below 0x20): never false when one is (it may be true when none is).
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        // A byte below n (n <= 128) sets its high bit in (word - n * ones) & ~word.
        let control = (word &- ones &* 0x20) & ~word & high
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        // A zero byte sets its high bit in (x - ones) & ~x.
        let quotes = (quote &- ones) & ~quote & high
        let backslashes = (backslash &- ones) & ~backslash & high
        return control | quotes | backslashes != 0
    }
}

extension JSON {
    /// `.string(s)` or `.null`.
    public static func optional(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }
}
