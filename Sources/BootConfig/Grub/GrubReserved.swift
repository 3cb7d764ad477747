/// GRUB script's reserved words (`grub-core/script/yylex.l`), recognised as the first
/// word of a command by the parser.
enum GrubReserved: UInt8, Sendable, CaseIterable {
    case `if`, then, elif, `else`, fi, `while`, until, `do`, done, `for`, `in`, function, menuentry, submenu

    /// The word as written.
    var text: String {
        switch self {
        case .if: return "if"
        case .then: return "then"
        case .elif: return "elif"
        case .else: return "else"
        case .fi: return "fi"
        case .while: return "while"
        case .until: return "until"
        case .do: return "do"
        case .done: return "done"
        case .for: return "for"
        case .in: return "in"
        case .function: return "function"
        case .menuentry: return "menuentry"
        case .submenu: return "submenu"
        }
    }

    /// The reserved word `text` is, if any: decided by its length and first byte, so
    /// ordinary command names cost at most one comparison.
    init?(_ text: String) {
        guard let word = Self.match(text) else { return nil }
        self = word
    }

    private static func match(_ text: String) -> GrubReserved? {
        let utf8 = text.utf8
        guard let first = utf8.first else { return nil }
        func check(_ word: GrubReserved) -> GrubReserved? { word.text == text ? word : nil }
        switch (first, utf8.count) {
        case (0x69, 2): return check(.if) ?? check(.in)   // i
        case (0x74, 4): return check(.then)              // t
        case (0x65, 4): return check(.elif) ?? check(.else) // e
        case (0x66, 2): return check(.fi)                // f
        case (0x66, 3): return check(.for)
        case (0x66, 8): return check(.function)
        case (0x77, 5): return check(.while)             // w
        case (0x75, 5): return check(.until)             // u
        case (0x64, 2): return check(.do)                // d
        case (0x64, 4): return check(.done)
        case (0x6D, 9): return check(.menuentry)         // m
        case (0x73, 7): return check(.submenu)           // s
        default: return nil
        }
    }

    /// Words that only continue a compound command: never a command of their own.
    var isContinuation: Bool {
        switch self {
        case .then, .elif, .else, .fi, .do, .done: return true
        default: return false
        }
    }
}

/// A small set of reserved words (a bit per word).
struct GrubReservedSet: Sendable {
    private var bits: UInt32 = 0

    init(_ words: [GrubReserved]) {
        for w in words { bits |= 1 << UInt32(w.rawValue) }
    }

    func contains(_ word: GrubReserved) -> Bool { bits & (1 << UInt32(word.rawValue)) != 0 }

    /// The words in declaration order.
    var members: [GrubReserved] { GrubReserved.allCases.filter(contains) }
}

extension GrubReservedSet {
    /// The terminator sets the parser uses (made once, not per block).
    static let nothing = GrubReservedSet([])
    static let then = GrubReservedSet([.then])
    static let ifBranchEnd = GrubReservedSet([.elif, .else, .fi])
    static let fi = GrubReservedSet([.fi])
    static let `do` = GrubReservedSet([.do])
    static let done = GrubReservedSet([.done])
}
