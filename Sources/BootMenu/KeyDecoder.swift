/// Turns bytes read from a terminal into keys: vt100/vt220/xterm/linux-console escape
/// sequences (`ESC [ A`, `ESC O A`, `ESC [ 5 ~`, `ESC [ [ A`, ...), UTF-8 text, control
/// chords. A lone Esc is only known once the escape delay has passed without more
/// bytes: the caller then calls `flush()`.
public struct KeyDecoder: Sendable {
    private var sequence: [UInt8] = []
    private var utf8: [UInt8] = []
    private var utf8Needed = 0
    private var afterCR = false

    public init() {}

    /// Whether an escape sequence has started and is not complete yet (the caller should
    /// call `flush()` if nothing more arrives within the escape delay).
    public var isPending: Bool { !sequence.isEmpty }

    /// Decodes `bytes`, returning every complete input.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [TerminalInput] where Bytes.Element == UInt8 {
        var out: [TerminalInput] = []
        for b in bytes { feedByte(b, into: &out) }
        return out
    }

    /// Ends an incomplete escape sequence: a lone ESC is the Esc key; a partial sequence
    /// is Esc followed by its bytes as keys (what the user typed).
    public mutating func flush() -> [TerminalInput] {
        guard !sequence.isEmpty else { return [] }
        let rest = sequence.dropFirst()
        sequence = []
        var out: [TerminalInput] = [.key(.escape)]
        for b in rest { feedByte(b, into: &out) }
        return out
    }

    private mutating func feedByte(_ b: UInt8, into out: inout [TerminalInput]) {
        if !sequence.isEmpty {
            continueSequence(b, into: &out)
            return
        }
        if utf8Needed > 0 {
            if b & 0xC0 == 0x80 {
                utf8.append(b)
                utf8Needed -= 1
                if utf8Needed == 0 {
                    let text = String(decoding: utf8, as: UTF8.self)
                    utf8 = []
                    if let c = text.first, text.unicodeScalars.first != "\u{FFFD}" { out.append(.key(.character(c))) }
                }
                return
            }
            // A broken sequence: drop it and read this byte afresh.
            utf8 = []
            utf8Needed = 0
        }
        let wasCR = afterCR
        afterCR = false
        switch b {
        case 0x1B:
            sequence = [b]
        case 0x0D:
            afterCR = true
            out.append(.key(.enter))
        case 0x0A:
            // CR LF from a terminal that sends both is one Enter.
            if !wasCR { out.append(.key(.enter)) }
        case 0x7F, 0x08:
            out.append(.key(.backspace))
        case 0x09:
            out.append(.key(.tab))
        case 0x01...0x1A:
            out.append(.key(.control(Character(Unicode.Scalar(b - 1 + 0x61)))))
        case 0x00, 0x1C...0x1F:
            break
        case 0x20...0x7E:
            out.append(.key(.character(Character(Unicode.Scalar(b)))))
        case 0xC2...0xDF:
            utf8 = [b]; utf8Needed = 1
        case 0xE0...0xEF:
            utf8 = [b]; utf8Needed = 2
        case 0xF0...0xF4:
            utf8 = [b]; utf8Needed = 3
        default:
            break
        }
    }

    private mutating func continueSequence(_ b: UInt8, into out: inout [TerminalInput]) {
        sequence.append(b)
        let s = sequence
        if s.count == 2 {
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "O") { return }
            // ESC followed by something else: Esc, then that byte on its own.
            sequence = []
            out.append(.key(.escape))
            feedByte(b, into: &out)
            return
        }
        if s[1] == UInt8(ascii: "O") {
            sequence = []
            if let key = Self.ss3Key(b) { out.append(.key(key)) }
            return
        }
        // CSI: ESC [ params final
        if s.count == 3 && b == UInt8(ascii: "[") { return } // linux console F1-F5: ESC [ [ A
        if s.count == 4 && s[2] == UInt8(ascii: "[") {
            sequence = []
            if (0x41...0x45).contains(b) { out.append(.key(.function(Int(b) - 0x40))) }
            return
        }
        if (0x20...0x3F).contains(b) {
            if s.count > 32 { sequence = [] } // runaway sequence: drop it
            return
        }
        sequence = []
        let params = Self.parameters(Array(s[2..<(s.count - 1)]))
        if let input = Self.csiInput(final: b, params: params) { out.append(input) }
    }

    private static func parameters(_ bytes: [UInt8]) -> [Int] {
        String(decoding: bytes, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
    }

    private static func ss3Key(_ b: UInt8) -> Key? {
        switch b {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "M"): return .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(b) - Int(UInt8(ascii: "P")) + 1)
        default: return nil
        }
    }

    private static func csiInput(final b: UInt8, params: [Int]) -> TerminalInput? {
        let hasParams = !(params.count == 1 && params[0] == 0)
        switch b {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        case UInt8(ascii: "Z"): return .key(.backTab)
        case UInt8(ascii: "R") where params.count == 2:
            return .cursorPosition(row: params[0], column: params[1])
        case UInt8(ascii: "P")...UInt8(ascii: "S") where !hasParams || params.first == 1:
            return .key(.function(Int(b) - Int(UInt8(ascii: "P")) + 1))
        case UInt8(ascii: "~"):
            switch params.first ?? 0 {
            case 1, 7: return .key(.home)
            case 4, 8: return .key(.end)
            case 2: return .key(.insert)
            case 3: return .key(.delete)
            case 5: return .key(.pageUp)
            case 6: return .key(.pageDown)
            case 11...15: return .key(.function(params[0] - 10))
            case 17...21: return .key(.function(params[0] - 11))
            case 23, 24: return .key(.function(params[0] - 12))
            default: return nil
            }
        default:
            return nil
        }
    }
}
