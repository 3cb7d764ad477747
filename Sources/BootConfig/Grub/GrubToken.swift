/// One piece of a GRUB script word, before expansion.
enum GrubWordPart: Equatable, Sendable {
    /// Literal text (from quotes, escapes or plain characters).
    case text(String)
    /// `$name` / `${name}`; `quoted` when written inside double quotes (never field-split).
    case variable(String, quoted: Bool)
}

/// A word as written: literal and variable parts glued together.
struct GrubWord: Equatable, Sendable {
    /// The whole word when it is a single literal text (most words are): `parts` is then
    /// empty, and expanding the word costs nothing.
    private(set) var literal: String?
    /// The parts of a word that is not a single literal text.
    private(set) var parts: [GrubWordPart]
    /// Whether any part was quoted: a quoted word never vanishes, even when empty.
    var quoted: Bool
    /// 1-based line where the word starts.
    var line: Int

    init(parts: [GrubWordPart], quoted: Bool, line: Int) {
        if parts.count == 1, case .text(let t) = parts[0] {
            literal = t
            self.parts = []
        } else {
            literal = nil
            self.parts = parts
        }
        self.quoted = quoted
        self.line = line
    }

    /// A word of one literal text.
    init(literal: String, quoted: Bool, line: Int) {
        self.literal = literal
        parts = []
        self.quoted = quoted
        self.line = line
    }

    /// The word's text when it is plain unquoted text (used for reserved words).
    var plain: String? { quoted ? nil : literal }

    /// The reserved word this word is, when it is plain text.
    var reserved: GrubReserved? { plain.flatMap(GrubReserved.init) }
}

/// A lexical token of GRUB script. Words (and the text of invalid tokens) are kept in
/// the lexer's word array; a token only says where.
struct GrubToken: Equatable, Sendable {
    enum Kind: UInt8, Sendable {
        case word
        /// A newline or `;` (GRUB treats them alike).
        case separator
        case openBrace
        case closeBrace
        /// A metacharacter GRUB's grammar has no use for here (`|`, `&`, `<`, `>`), or an
        /// unterminated quote: the word at `word` holds which.
        case invalid
    }

    var kind: Kind
    var line: Int32
    /// Index of the word (for `.word` and `.invalid`) in the lexer's word array.
    var word: Int32 = -1
}
