/// Lexical helpers for syslinux config lines, which have no quoting: a keyword,
/// then the literal rest of the line.
enum SyslinuxLine {
    /// syslinux treats every byte up to and including the space as a blank.
    static func isBlank(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue else { return false }
        return ascii <= 0x20
    }

    /// Drops leading blanks.
    static func skipBlanks(_ s: Substring) -> Substring {
        s.drop(while: isBlank)
    }

    /// Drops trailing blanks.
    static func trimTrailing(_ s: Substring) -> Substring {
        var t = s
        while let last = t.last, isBlank(last) { t = t.dropLast() }
        return t
    }

    /// Both ends trimmed, as a String.
    static func trimmed(_ s: Substring) -> String {
        String(trimTrailing(skipBlanks(s)))
    }

    /// When `line` starts with `keyword` (ASCII letters, case-insensitive) followed by
    /// a blank or the end of the line, returns the rest with leading blanks removed.
    static func keyword(_ line: Substring, _ keyword: String) -> Substring? {
        var index = line.startIndex
        for k in keyword.utf8 {
            guard index < line.endIndex, let c = line[index].asciiValue,
                  (c ^ k) & ~0x20 == 0 else { return nil }
            index = line.index(after: index)
        }
        if index < line.endIndex && !isBlank(line[index]) { return nil }
        return skipBlanks(line[index...])
    }

    /// The first blank-separated word and the rest after it (blanks skipped).
    static func firstWord(_ s: Substring) -> (word: Substring, rest: Substring) {
        let start = skipBlanks(s)
        let end = start.firstIndex(where: isBlank) ?? start.endIndex
        return (start[..<end], skipBlanks(start[end...]))
    }

    /// C `atoi`: optional sign and leading digits; anything else ends the number.
    static func integer(_ s: Substring) -> Int {
        var rest = skipBlanks(s)
        var sign = 1
        if let first = rest.first, first == "-" || first == "+" {
            if first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        var value = 0
        for c in rest {
            guard let d = c.wholeNumberValue, c.isASCII else { break }
            value = value &* 10 &+ d
            if value > 1_000_000_000 { break }
        }
        return sign * value
    }

    /// Splits file text into lines the way syslinux reads them: each line ends at the
    /// first CR or LF.
    static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift, so both spellings end a line.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            if let cr = line.firstIndex(of: "\r") { return line[..<cr] }
            return line
        }
    }
}
