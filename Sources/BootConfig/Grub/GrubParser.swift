/// Builds the AST from tokens following GRUB's grammar (`grub-core/script/parser.y`).
///
/// Reserved words (`if then elif else fi while until do done for in function menuentry
/// submenu`) count only as the first word of a command. `{` and `}` are tokens of their
/// own, so `menuentry test { linux /vmlinux }` is valid. A syntax error drops the
/// top-level command it occurs in; parsing resumes at the next line.
struct GrubParser {
    private let tokens: [GrubToken]
    private var index = 0
    /// Blocks open around the current command; bounded so hostile input cannot exhaust
    /// the stack.
    private var depth = 0
    static let maxDepth = 200

    private init(tokens: [GrubToken]) {
        self.tokens = tokens
    }

    /// Parses a whole file.
    static func parse(_ text: String) -> GrubScript {
        var parser = GrubParser(tokens: GrubLexer.tokens(text))
        return parser.parseScript()
    }


    private mutating func parseScript() -> GrubScript {
        var commands: [GrubNode] = []
        var errors: [GrubSyntaxError] = []
        while true {
            skipSeparators()
            guard index < tokens.count else { break }
            let start = index
            do {
                if case .closeBrace(let line) = tokens[index] {
                    throw GrubSyntaxError(line: line, message: "syntax error: unexpected '}'")
                }
                if case .word(let w) = tokens[index], let r = w.reserved, r.isContinuation {
                    throw GrubSyntaxError(line: w.line, message: "syntax error: unexpected '\(r.text)'")
                }
                commands.append(try parseCommand())
            } catch let error as GrubSyntaxError {
                errors.append(error)
                // Resume after the line the error was found on (at least one token on).
                index = max(index, start + 1)
                while index < tokens.count {
                    if case .separator(let l) = tokens[index], l >= error.line, !isSemicolon(index) {
                        index += 1
                        break
                    }
                    index += 1
                }
            } catch {}
        }
        return GrubScript(commands: commands, errors: errors)
    }

    /// Whether the separator at `i` stands for `;` (same line as the next token) rather
    /// than a newline. Newline separators carry the line they end.
    private func isSemicolon(_ i: Int) -> Bool {
        guard case .separator(let l) = tokens[i], i + 1 < tokens.count else { return false }
        return tokens[i + 1].line == l
    }

    private mutating func skipSeparators() {
        while index < tokens.count, case .separator = tokens[index] { index += 1 }
    }

    private var currentLine: Int {
        index < tokens.count ? tokens[index].line : (tokens.last?.line ?? 1)
    }

    /// Parses commands until one of `terminators` (a reserved word in command position)
    /// or, when `brace` is set, a `}`; consumes and returns the terminator.
    private mutating func parseList(until terminators: GrubReservedSet, brace: Bool, context: @autoclosure () -> String)
        throws(GrubSyntaxError) -> ([GrubNode], GrubReserved?) {
        var nodes: [GrubNode] = []
        while true {
            skipSeparators()
            guard index < tokens.count else {
                let expected = brace ? "'}'" : terminators.members.map(\.text).sorted().map { "'\($0)'" }.joined(separator: " or ")
                throw GrubSyntaxError(line: currentLine, message: "syntax error: unexpected end of file in \(context()), expected \(expected)")
            }
            switch tokens[index] {
            case .closeBrace(let line):
                if brace { index += 1; return (nodes, nil) }
                throw GrubSyntaxError(line: line, message: "syntax error: unexpected '}' in \(context())")
            case .word(let w):
                if let r = w.reserved {
                    if terminators.contains(r) {
                        index += 1
                        return (nodes, r)
                    }
                    if r.isContinuation {
                        throw GrubSyntaxError(line: w.line, message: "syntax error: unexpected '\(r.text)' in \(context())")
                    }
                }
            default:
                break
            }
            nodes.append(try parseCommand())
        }
    }

    private mutating func parseCommand() throws(GrubSyntaxError) -> GrubNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: blocks nested more than \(Self.maxDepth) deep")
        }
        switch tokens[index] {
        case .openBrace(let line):
            index += 1
            let (body, _) = try parseList(until: .nothing, brace: true, context: "block")
            return .group(body, line: line)
        case .invalid(let what, let line):
            throw GrubSyntaxError(line: line, message: what.count == 1 ? "syntax error: unexpected '\(what)'" : "syntax error: \(what)")
        case .word(let w):
            switch w.reserved {
            case .if: return try parseIf(line: w.line)
            case .while: return try parseLoop(until: false, line: w.line)
            case .until: return try parseLoop(until: true, line: w.line)
            case .for: return try parseFor(line: w.line)
            case .function: return try parseFunction(line: w.line)
            case .menuentry: return try parseMenu(submenu: false, line: w.line)
            case .submenu: return try parseMenu(submenu: true, line: w.line)
            default: return try parseSimple(line: w.line)
            }
        default:
            throw GrubSyntaxError(line: currentLine, message: "syntax error")
        }
    }

    /// Words up to a separator, `}` or the end (the `}` is left for the block).
    private mutating func parseSimple(line: Int) throws(GrubSyntaxError) -> GrubNode {
        var words: [GrubWord] = []
        var end = index
        while end < tokens.count, case .word = tokens[end] { end += 1 }
        words.reserveCapacity(end - index)
        loop: while index < tokens.count {
            switch tokens[index] {
            case .word(let w): words.append(w); index += 1
            case .separator, .closeBrace: break loop
            case .openBrace(let l):
                throw GrubSyntaxError(line: l, message: "syntax error: unexpected '{'")
            case .invalid(let what, let l):
                throw GrubSyntaxError(line: l, message: what.count == 1 ? "syntax error: unexpected '\(what)'" : "syntax error: \(what)")
            }
        }
        return .command(words: words, line: line)
    }

    private mutating func parseIf(line: Int) throws(GrubSyntaxError) -> GrubNode {
        index += 1
        var branches: [(condition: [GrubNode], body: [GrubNode])] = []
        var otherwise: [GrubNode]?
        var (condition, _) = try parseList(until: .then, brace: false, context: "if")
        while true {
            let (body, end) = try parseList(until: .ifBranchEnd, brace: false, context: "if")
            branches.append((condition, body))
            if end == .fi { break }
            if end == .else {
                otherwise = try parseList(until: .fi, brace: false, context: "else").0
                break
            }
            condition = try parseList(until: .then, brace: false, context: "elif").0
        }
        return .conditional(branches: branches, otherwise: otherwise, line: line)
    }

    private mutating func parseLoop(until: Bool, line: Int) throws(GrubSyntaxError) -> GrubNode {
        index += 1
        let (condition, _) = try parseList(until: .do, brace: false, context: until ? "until" : "while")
        let (body, _) = try parseList(until: .done, brace: false, context: "loop")
        return .loop(until: until, condition: condition, body: body, line: line)
    }

    private mutating func parseFor(line: Int) throws(GrubSyntaxError) -> GrubNode {
        index += 1
        guard index < tokens.count, case .word(let nameWord) = tokens[index], let name = nameWord.plain else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'for' needs a variable name")
        }
        index += 1
        guard index < tokens.count, case .word(let inWord) = tokens[index], inWord.plain == "in" else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'for \(name)' needs 'in'")
        }
        index += 1
        var words: [GrubWord] = []
        while index < tokens.count, case .word(let w) = tokens[index] {
            words.append(w)
            index += 1
        }
        skipSeparators()
        guard index < tokens.count, case .word(let doWord) = tokens[index], doWord.plain == "do" else {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: 'for' needs 'do'")
        }
        index += 1
        let (body, _) = try parseList(until: .done, brace: false, context: "for")
        return .forEach(name: name, words: words, body: body, line: line)
    }

    private mutating func parseFunction(line: Int) throws(GrubSyntaxError) -> GrubNode {
        index += 1
        guard index < tokens.count, case .word(let nameWord) = tokens[index], let name = nameWord.plain else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'function' needs a name")
        }
        index += 1
        skipSeparators()
        guard index < tokens.count, case .openBrace = tokens[index] else {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: function '\(name)' needs '{'")
        }
        index += 1
        let (body, _) = try parseList(until: .nothing, brace: true, context: "function \(name)")
        return .function(name: name, body: body, line: line)
    }

    private mutating func parseMenu(submenu: Bool, line: Int) throws(GrubSyntaxError) -> GrubNode {
        index += 1
        var words: [GrubWord] = []
        while index < tokens.count {
            if case .word(let w) = tokens[index] {
                words.append(w)
                index += 1
                continue
            }
            break
        }
        guard index < tokens.count, case .openBrace = tokens[index] else {
            throw GrubSyntaxError(line: line, message: "syntax error: \(submenu ? "submenu" : "menuentry") needs '{' on its line")
        }
        index += 1
        let (body, _) = try parseList(until: .nothing, brace: true, context: submenu ? "submenu" : "menuentry")
        return .menu(submenu: submenu, words: words, body: body, line: line)
    }
}
