/// Splits GRUB script text into tokens following `grub-core/script/yylex.l`: blanks and
/// `{ } | & ; < >` and newlines end words; `#` at a word's start comments out the line;
/// `'…'` is literal; `"…"` expands `$` and lets `\` escape only `$ " \` and newline;
/// an unquoted `\x` is `x`; backslash-newline continues the line.
struct GrubLexer {
    /// The text being read (valid while `lex` runs).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    /// The buffer words with quotes or escapes are gathered in, kept between words.
    private var scratch: [UInt8] = []
    /// Plain words made so far, each made into a `String` once (configs repeat their
    /// words: `insmod`, `--class`, the same UUID in every entry).
    private var interned: [String] = []
    /// Where in the text each interned word was first seen, and the hash of its bytes.
    private var internedRanges: [Range<Int>] = []
    private var internHashes: [UInt32] = []
    /// Open-addressing table of indices into `interned` (-1: empty), by FNV-1a of the bytes.
    private var internSlots = [Int32](repeating: -1, count: 1024)
    /// Words longer than this are not interned.
    private static let maxInterned = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The words read so far, in order; tokens point into it.
    private(set) var words: [GrubWord] = []

    /// Tokenizes the whole text: the tokens and the words they point at.
    static func lex(_ text: String) -> (tokens: [GrubToken], words: [GrubWord]) {
        var text = text
        return text.withUTF8 { bytes in
            var lexer = GrubLexer(bytes)
            var result: [GrubToken] = []
            result.reserveCapacity(bytes.count / 4)
            lexer.words.reserveCapacity(bytes.count / 6)
            while let token = lexer.next() { result.append(token) }
            return (result, lexer.words)
        }
    }

    /// A token for `word`, stored in `words`.
    private mutating func token(_ kind: GrubToken.Kind, _ word: GrubWord, line: Int) -> GrubToken {
        words.append(word)
        return GrubToken(kind: kind, line: Int32(truncatingIfNeeded: line), word: Int32(words.count - 1))
    }

    private func mark(_ kind: GrubToken.Kind, line: Int) -> GrubToken {
        GrubToken(kind: kind, line: Int32(truncatingIfNeeded: line))
    }

    /// An invalid token saying `what`.
    private mutating func invalid(_ what: String, line: Int) -> GrubToken {
        token(.invalid, GrubWord(literal: what, quoted: false, line: line), line: line)
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isNameChar(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }
    /// Characters that end an unquoted word.
    private static func endsWord(_ c: UInt8) -> Bool {
        isBlank(c) || c == 0x0A || c == 0x3B /* ; */ || c == 0x7B /* { */ || c == 0x7D /* } */
            || c == 0x7C /* | */ || c == 0x26 /* & */ || c == 0x3C /* < */ || c == 0x3E /* > */
    }

    private mutating func next() -> GrubToken? {
        // Skip blanks and line continuations.
        while index < bytes.count {
            let c = bytes[index]
            if Self.isBlank(c) { index += 1; continue }
            if c == 0x5C, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 2; line += 1; continue
            }
            break
        }
        guard index < bytes.count else { return nil }
        let c = bytes[index]
        switch c {
        case 0x0A:
            index += 1; line += 1
            return mark(.separator, line: line - 1)
        case 0x3B:
            index += 1
            return mark(.separator, line: line)
        case 0x23: // '#' at the start of a word: comment to end of line
            while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            return next()
        case 0x7B:
            index += 1
            return mark(.openBrace, line: line)
        case 0x7D:
            index += 1
            return mark(.closeBrace, line: line)
        case 0x7C, 0x26, 0x3C, 0x3E:
            index += 1
            return invalid(String(UnicodeScalar(c)), line: line)
        default:
            return readWord()
        }
    }

    /// Whether a byte needs the general word reader: quotes, escapes, variables.
    private static func isSpecialInWord(_ c: UInt8) -> Bool {
        c == 0x5C || c == 0x27 || c == 0x22 || c == 0x24
    }

    /// Per byte value: 1 when it ends a word (`endsWord`), 2 when it is special inside
    /// one (`isSpecialInWord`), else 0: one load per byte in the plain-word scan.
    private static let wordClass: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for c in 0...255 {
            if endsWord(UInt8(c)) { table[c] = 1 } else if isSpecialInWord(UInt8(c)) { table[c] = 2 }
        }
        return table
    }()

    private mutating func readWord() -> GrubToken {
        // Most words are plain runs of bytes: made into one String straight from the text.
        let start = index
        var end = index
        // FNV-1a of the plain run, for `intern`, computed in the same pass.
        var hash: UInt32 = 2_166_136_261
        Self.wordClass.withUnsafeBufferPointer { table in
            while end < bytes.count {
                let b = bytes[end]
                if table[Int(b)] != 0 { break }
                hash = (hash ^ UInt32(b)) &* 16_777_619
                end += 1
            }
        }
        if end == bytes.count || Self.endsWord(bytes[end]) {
            index = end
            return token(.word, GrubWord(literal: intern(start..<end, hash: hash), quoted: false, line: line), line: line)
        }
        let startLine = line
        var parts: [GrubWordPart] = []
        var text = scratch
        scratch = []
        defer {
            text.removeAll(keepingCapacity: true)
            scratch = text
        }
        var quoted = false
        text.append(contentsOf: bytes[start..<end])
        index = end

        while index < bytes.count {
            let c = bytes[index]
            if Self.endsWord(c) { break }
            switch c {
            case 0x5C: // backslash
                if index + 1 >= bytes.count { index += 1; continue }
                let n = bytes[index + 1]
                index += 2
                if n == 0x0A { line += 1; continue } // continuation
                text.append(n)
            case 0x27: // single quote: literal up to the next one
                quoted = true
                index += 1
                guard let end = bytes[index...].firstIndex(of: 0x27) else {
                    index = bytes.count
                    return invalid("unterminated single quote", line: startLine)
                }
                for b in bytes[index..<end] where b == 0x0A { _ = b; line += 1 }
                text.append(contentsOf: bytes[index..<end])
                index = end + 1
            case 0x22: // double quote
                quoted = true
                index += 1
                if !readDoubleQuoted(&parts, &text) {
                    return invalid("unterminated double quote", line: startLine)
                }
            case 0x24: // dollar
                if let variable = readVariable() {
                    Self.flush(&parts, &text)
                    parts.append(.variable(variable, quoted: false))
                } else if index + 1 < bytes.count, bytes[index + 1] == 0x22 {
                    // $"…" is a translatable string: treat as "…"
                    quoted = true
                    index += 2
                    if !readDoubleQuoted(&parts, &text) {
                        return invalid("unterminated double quote", line: startLine)
                    }
                } else {
                    text.append(c)
                    index += 1
                }
            default:
                text.append(c)
                index += 1
            }
        }
        Self.flush(&parts, &text)
        return token(.word, GrubWord(parts: parts, quoted: quoted, line: startLine), line: startLine)
    }

    /// The text of `range` as a `String`, the same one for every occurrence of a short
    /// word; `hash` is FNV-1a of its bytes.
    private mutating func intern(_ range: Range<Int>, hash: UInt32) -> String {
        guard range.count <= Self.maxInterned else { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        let mask = internSlots.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = Int(internSlots[slot])
            if entry < 0 { break }
            let other = internedRanges[entry]
            if internHashes[entry] == hash && other.count == range.count && Self.sameBytes(bytes, other.lowerBound, range.lowerBound, range.count) {
                return interned[entry]
            }
            slot = (slot + 1) & mask
        }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        internSlots[slot] = Int32(interned.count)
        interned.append(word)
        internedRanges.append(range)
        internHashes.append(hash)
        if interned.count * 2 > internSlots.count { rehash() }
        return word
    }

    /// Whether the `count` bytes at `a` and at `b` are the same (compared 8 at a time).
    private static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ count: Int) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var k = 0
        while k + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: a + k, as: UInt64.self)
                != raw.loadUnaligned(fromByteOffset: b + k, as: UInt64.self) { return false }
            k += 8
        }
        while k < count {
            if bytes[a + k] != bytes[b + k] { return false }
            k += 1
        }
        return true
    }

    /// Doubles the intern table.
    private mutating func rehash() {
        var slots = [Int32](repeating: -1, count: internSlots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in internHashes.enumerated() {
            var slot = Int(hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
        internSlots = slots
    }

    /// Reads after an opening `"` up to and including the closing one. Returns false when
    /// the text ends first.
    private static func flush(_ parts: inout [GrubWordPart], _ text: inout [UInt8]) {
        if !text.isEmpty {
            parts.append(.text(String(decoding: text, as: UTF8.self)))
            text.removeAll(keepingCapacity: true)
        }
    }

    private mutating func readDoubleQuoted(_ parts: inout [GrubWordPart], _ text: inout [UInt8]) -> Bool {
        while index < bytes.count {
            let c = bytes[index]
            switch c {
            case 0x22:
                index += 1
                // An empty "" still makes the word exist; keep an empty text part.
                if parts.isEmpty && text.isEmpty { parts.append(.text("")) }
                return true
            case 0x5C:
                if index + 1 < bytes.count {
                    let n = bytes[index + 1]
                    if n == 0x0A { index += 2; line += 1; continue }
                    if n == 0x24 || n == 0x22 || n == 0x5C { text.append(n); index += 2; continue }
                }
                text.append(c)
                index += 1
            case 0x24:
                if let variable = readVariable() {
                    Self.flush(&parts, &text)
                    parts.append(.variable(variable, quoted: true))
                } else {
                    text.append(c)
                    index += 1
                }
            case 0x0A:
                line += 1
                text.append(c)
                index += 1
            default:
                text.append(c)
                index += 1
            }
        }
        return false
    }

    /// Reads `$name`, `${name}`, `$1`, `$?`, `$#`, `$*`, `$@` at `index` (which points at
    /// `$`). Returns nil (consuming nothing) when no variable follows.
    private mutating func readVariable() -> String? {
        let start = index + 1
        guard start < bytes.count else { return nil }
        let c = bytes[start]
        if c == 0x7B { // ${...}
            guard let end = bytes[start...].firstIndex(of: 0x7D) else { return nil }
            let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
            index = end + 1
            return name
        }
        if c == 0x3F || c == 0x23 || c == 0x2A || c == 0x40 { // ? # * @
            index = start + 1
            return String(UnicodeScalar(c))
        }
        if Self.isDigit(c) {
            var end = start
            while end < bytes.count && Self.isDigit(bytes[end]) { end += 1 }
            index = end
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        if Self.isNameStart(c) {
            var end = start
            while end < bytes.count && Self.isNameChar(bytes[end]) { end += 1 }
            index = end
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return nil
    }
}
