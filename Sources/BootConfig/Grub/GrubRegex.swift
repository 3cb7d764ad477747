/// The POSIX extended regular expressions GRUB's `regexp` command takes, as far as boot
/// configs use them: literals, `.`, bracket expressions (ranges, `^` negation,
/// `[:class:]`), anchors, groups with `|`, and `* + ? {m,n}`. Matching backtracks and
/// takes the leftmost match, trying longer repetitions first.
struct GrubRegex {
    private indirect enum Node {
        case char(Unicode.Scalar)
        case any
        case set([ClosedRange<UInt32>], negated: Bool)
        case start
        case end
        case group(index: Int, alternatives: [[Node]])
        case repeatNode(Node, min: Int, max: Int?)
    }

    /// Groups nested at most in a pattern; a deeper one is malformed.
    static let maxGroupNesting = 64
    /// Matcher calls open at once at most (the backtracking recurses about once per
    /// character matched); deeper, the match fails and `firstMatch` reports it.
    static let maxMatchDepth = 4_000
    /// Matcher steps per `firstMatch` at most (exponential backtracking).
    static let maxSteps = 100_000

    private let alternatives: [[Node]]
    /// Number of capturing groups.
    let groupCount: Int

    /// Compiles a pattern; nil when it is malformed.
    init?(_ pattern: String) {
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let alts = parser.parseAlternatives(), parser.atEnd else { return nil }
        alternatives = alts
        groupCount = parser.groups
    }

    /// The first match in `text`: group 0 is the whole match, then each group (nil when
    /// it took no part).
    ///
    /// `exhausted` is set when the step or depth limit ended the search (the answer is then
    /// "no match").
    func firstMatch(in text: String, exhausted: inout Bool) -> [Substring?]? {
        let scalars = Array(text.unicodeScalars)
        let matcher = Matcher(text: scalars)
        defer { exhausted = matcher.exhausted }
        let none = [Range<Int>?](repeating: nil, count: groupCount + 1)
        for start in 0...scalars.count {
            if matcher.exhausted { return nil }
            guard let (end, found) = matcher.alternatives(alternatives, start, none, { ($0, $1) }) else { continue }
            var captures = found
            captures[0] = start..<end
            let view = text.unicodeScalars
            return captures.map { range in
                range.map { r in
                    let lower = view.index(view.startIndex, offsetBy: r.lowerBound)
                    let upper = view.index(view.startIndex, offsetBy: r.upperBound)
                    return Substring(text[lower..<upper])
                }
            }
        }
        return nil
    }

    /// Backtracking with continuations: each step hands its end position and captures
    /// to what follows, and a failure there makes it try its next choice.
    private final class Matcher {
        typealias Captures = [Range<Int>?]
        typealias Continuation = (Int, Captures) -> (Int, Captures)?
        let text: [Unicode.Scalar]
        var steps = 0
        var depth = 0
        /// Whether a limit (steps or depth) cut the search short.
        var exhausted = false

        init(text: [Unicode.Scalar]) { self.text = text }

        func alternatives(_ alts: [[Node]], _ pos: Int, _ caps: Captures, _ k: Continuation) -> (Int, Captures)? {
            for alt in alts {
                if let r = sequence(alt, 0, pos, caps, k) { return r }
            }
            return nil
        }

        private func sequence(_ nodes: [Node], _ i: Int, _ pos: Int, _ caps: Captures, _ k: Continuation) -> (Int, Captures)? {
            steps += 1
            if steps > GrubRegex.maxSteps || depth >= GrubRegex.maxMatchDepth || exhausted {
                exhausted = true
                return nil
            }
            depth += 1
            defer { depth -= 1 }
            if i == nodes.count { return k(pos, caps) }
            switch nodes[i] {
            case .char(let c):
                guard pos < text.count, text[pos] == c else { return nil }
                return sequence(nodes, i + 1, pos + 1, caps, k)
            case .any:
                guard pos < text.count, text[pos] != "\n" else { return nil }
                return sequence(nodes, i + 1, pos + 1, caps, k)
            case .set(let ranges, let negated):
                guard pos < text.count else { return nil }
                let v = text[pos].value
                guard ranges.contains(where: { $0.contains(v) }) != negated else { return nil }
                return sequence(nodes, i + 1, pos + 1, caps, k)
            case .start:
                guard pos == 0 else { return nil }
                return sequence(nodes, i + 1, pos, caps, k)
            case .end:
                guard pos == text.count else { return nil }
                return sequence(nodes, i + 1, pos, caps, k)
            case .group(let index, let alts):
                return alternatives(alts, pos, caps) { end, inner in
                    var c = inner
                    c[index] = pos..<end
                    return self.sequence(nodes, i + 1, end, c, k)
                }
            case .repeatNode(let node, let min, let max):
                return repetition(node, min, max, 0, nodes, i, pos, caps, k)
            }
        }

        /// Greedy: one more repetition first, then the rest of the pattern.
        private func repetition(_ node: Node, _ min: Int, _ max: Int?, _ count: Int, _ nodes: [Node], _ i: Int,
                                _ pos: Int, _ caps: Captures, _ k: Continuation) -> (Int, Captures)? {
            if max.map({ count < $0 }) ?? true {
                let more = sequence([node], 0, pos, caps) { end, inner in
                    guard end > pos else { return nil } // an empty repetition would loop
                    return self.repetition(node, min, max, count + 1, nodes, i, end, inner, k)
                }
                if let more { return more }
            }
            guard count >= min else { return nil }
            return sequence(nodes, i + 1, pos, caps, k)
        }
    }

    private struct Parser {
        let p: [Unicode.Scalar]
        var i = 0
        var groups = 0
        var nesting = 0

        init(_ p: [Unicode.Scalar]) { self.p = p }

        var atEnd: Bool { i >= p.count }

        mutating func parseAlternatives() -> [[Node]]? {
            var alts: [[Node]] = []
            var current: [Node] = []
            while i < p.count {
                let c = p[i]
                if c == "|" { alts.append(current); current = []; i += 1; continue }
                if c == ")" { break }
                guard let atom = parseAtom() else { return nil }
                current.append(parseQuantifier(atom))
            }
            alts.append(current)
            return alts
        }

        private mutating func parseQuantifier(_ atom: Node) -> Node {
            guard i < p.count else { return atom }
            switch p[i] {
            case "*": i += 1; return .repeatNode(atom, min: 0, max: nil)
            case "+": i += 1; return .repeatNode(atom, min: 1, max: nil)
            case "?": i += 1; return .repeatNode(atom, min: 0, max: 1)
            case "{":
                var j = i + 1
                var lo = "", hi = ""
                var comma = false
                while j < p.count, p[j] != "}" {
                    if p[j] == "," { comma = true } else if comma { hi.unicodeScalars.append(p[j]) } else { lo.unicodeScalars.append(p[j]) }
                    j += 1
                }
                guard j < p.count, let min = Int(lo) else { return atom }
                i = j + 1
                return .repeatNode(atom, min: min, max: comma ? Int(hi) : min)
            default:
                return atom
            }
        }

        private mutating func parseAtom() -> Node? {
            let c = p[i]
            i += 1
            switch c {
            case ".": return .any
            case "^": return .start
            case "$": return .end
            case "\\":
                guard i < p.count else { return nil }
                let e = p[i]
                i += 1
                return .char(e)
            case "(":
                guard nesting < GrubRegex.maxGroupNesting else { return nil }
                nesting += 1
                defer { nesting -= 1 }
                groups += 1
                let index = groups
                guard let alts = parseAlternatives(), i < p.count, p[i] == ")" else { return nil }
                i += 1
                return .group(index: index, alternatives: alts)
            case "[":
                return parseBracket()
            default:
                return .char(c)
            }
        }

        private mutating func parseBracket() -> Node? {
            var negated = false
            var ranges: [ClosedRange<UInt32>] = []
            if i < p.count, p[i] == "^" { negated = true; i += 1 }
            var first = true
            while i < p.count, p[i] != "]" || first {
                first = false
                if p[i] == "[", i + 1 < p.count, p[i + 1] == ":" {
                    guard let close = (i + 2..<p.count).first(where: { p[$0] == ":" && $0 + 1 < p.count && p[$0 + 1] == "]" }) else { return nil }
                    let name = String(String.UnicodeScalarView(p[(i + 2)..<close]))
                    ranges += Self.namedClass(name)
                    i = close + 2
                    continue
                }
                let lo = p[i].value
                if i + 2 < p.count, p[i + 1] == "-", p[i + 2] != "]" {
                    let hi = p[i + 2].value
                    if lo <= hi { ranges.append(lo...hi) }
                    i += 3
                } else {
                    ranges.append(lo...lo)
                    i += 1
                }
            }
            guard i < p.count else { return nil }
            i += 1
            return .set(ranges, negated: negated)
        }

        private static func namedClass(_ name: String) -> [ClosedRange<UInt32>] {
            switch name {
            case "digit": return [48...57]
            case "alpha": return [65...90, 97...122]
            case "alnum": return [48...57, 65...90, 97...122]
            case "upper": return [65...90]
            case "lower": return [97...122]
            case "xdigit": return [48...57, 65...70, 97...102]
            case "space": return [9...13, 32...32]
            case "blank": return [9...9, 32...32]
            case "punct": return [33...47, 58...64, 91...96, 123...126]
            default: return []
            }
        }
    }
}
