/// LVM2's text metadata syntax (the format of the metadata area and of `vgcfgbackup`):
/// `name { ... }` sections, `key = value` settings whose values are strings (`"..."`
/// with `\"` and `\\` escapes), integers, or `[ ... ]` arrays of strings and integers,
/// and `#` comments to the end of the line. Pure parsing of bytes.
public struct LVMConfigSection: Equatable, Sendable {
    /// A setting's value.
    public enum Value: Equatable, Sendable {
        case string(String)
        case number(Int64)
        case array([Value])
        case section(LVMConfigSection)
    }

    /// The entries in file order (a name may repeat; lookups take the first).
    public var entries: [(name: String, value: Value)] = []

    public static func == (a: LVMConfigSection, b: LVMConfigSection) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public init() {}

    /// The first value named `name`.
    public subscript(name: String) -> Value? { entries.first { $0.name == name }?.value }

    /// The string named `name`.
    public func string(_ name: String) -> String? {
        if case .string(let s)? = self[name] { return s }
        return nil
    }

    /// The integer named `name`.
    public func number(_ name: String) -> Int64? {
        if case .number(let n)? = self[name] { return n }
        return nil
    }

    /// The subsection named `name`.
    public func section(_ name: String) -> LVMConfigSection? {
        if case .section(let s)? = self[name] { return s }
        return nil
    }

    /// The array named `name` (nil when absent or not an array).
    public func array(_ name: String) -> [Value]? {
        if case .array(let a)? = self[name] { return a }
        return nil
    }

    /// The strings of the array named `name` (empty when absent).
    public func strings(_ name: String) -> [String] {
        (array(name) ?? []).compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    /// The subsections, in order.
    public var sections: [(name: String, section: LVMConfigSection)] {
        entries.compactMap { if case .section(let s) = $0.value { return ($0.name, s) } else { return nil } }
    }

    /// Where and why the text is not valid metadata.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "metadata line \(line): \(reason)" }
    }

    /// Parses the whole text (trailing NUL bytes, as the metadata area stores them, ignored).
    public static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> LVMConfigSection {
        var parser = Parser(bytes: Array(bytes))
        return try parser.section(top: true)
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var depth = 0

        init(bytes: [UInt8]) {
            var b = bytes
            while b.last == 0 { b.removeLast() }
            self.bytes = b
        }

        func fail(_ reason: String) -> ParseError { ParseError(line: line, reason: reason) }

        /// Skips blanks, newlines and comments.
        mutating func skip() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x0A: line += 1; i += 1
                case 0x20, 0x09, 0x0D: i += 1
                case 0x23: // #
                    while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                default: return
                }
            }
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x2B || b >= 0x80
        }

        mutating func name() throws(ParseError) -> String {
            let start = i
            while i < bytes.count && Self.isNameByte(bytes[i]) { i += 1 }
            guard i > start else { throw fail("a name expected, found '\(Character(UnicodeScalar(bytes[i])))'") }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func section(top: Bool) throws(ParseError) -> LVMConfigSection {
            var result = LVMConfigSection()
            while true {
                skip()
                if i >= bytes.count {
                    if top { return result }
                    throw fail("end of text inside a section")
                }
                if bytes[i] == 0x7D { // }
                    guard !top else { throw fail("'}' without a section") }
                    i += 1
                    return result
                }
                let key = try name()
                skip()
                guard i < bytes.count else { throw fail("end of text after '\(key)'") }
                if bytes[i] == 0x7B { // {
                    i += 1
                    depth += 1
                    guard depth <= 64 else { throw fail("sections nested too deep") }
                    result.entries.append((key, .section(try section(top: false))))
                    depth -= 1
                } else if bytes[i] == 0x3D { // =
                    i += 1
                    skip()
                    result.entries.append((key, try value(inArray: false)))
                } else {
                    throw fail("'=' or '{' expected after '\(key)'")
                }
            }
        }

        mutating func value(inArray: Bool) throws(ParseError) -> Value {
            guard i < bytes.count else { throw fail("a value expected") }
            switch bytes[i] {
            case 0x22: return .string(try string())
            case 0x5B: // [
                guard !inArray else { throw fail("nested arrays") }
                i += 1
                var items: [Value] = []
                while true {
                    skip()
                    guard i < bytes.count else { throw fail("end of text inside an array") }
                    if bytes[i] == 0x5D { i += 1; return .array(items) }
                    if !items.isEmpty {
                        guard bytes[i] == 0x2C else { throw fail("',' expected in an array") }
                        i += 1
                        skip()
                        // A trailing comma before `]`.
                        if i < bytes.count && bytes[i] == 0x5D { i += 1; return .array(items) }
                    }
                    items.append(try value(inArray: true))
                }
            default:
                return .number(try number())
            }
        }

        mutating func string() throws(ParseError) -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case 0x22: return String(decoding: out, as: UTF8.self)
                case 0x5C: // backslash
                    guard i < bytes.count else { throw fail("end of text in a string") }
                    out.append(bytes[i])
                    i += 1
                case 0x0A:
                    line += 1
                    out.append(b)
                default: out.append(b)
                }
            }
            throw fail("end of text in a string")
        }

        mutating func number() throws(ParseError) -> Int64 {
            var negative = false
            if i < bytes.count && bytes[i] == 0x2D { negative = true; i += 1 }
            let start = i
            var n: Int64 = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
                guard !o1 && !o2 else { throw fail("number too large") }
                n = s
                i += 1
            }
            guard i > start else { throw fail("a value expected") }
            // Floats (a few tunables) are kept as their integer part.
            if i < bytes.count && bytes[i] == 0x2E {
                i += 1
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            }
            return negative ? -n : n
        }
    }
}
