/// Builds the flat AST from tokens following GRUB's grammar (`grub-core/script/parser.y`).
///
/// Reserved words (`if then elif else fi while until do done for in function menuentry
/// submenu`) count only as the first word of a command. `{` and `}` are tokens of their
/// own, so `menuentry test { linux /vmlinux }` is valid. A syntax error drops the
/// top-level command it occurs in; parsing resumes at the next line.
///
/// Nodes are appended to one array in source order; a node's `end` is set once its
/// children are in (see `GrubNode`).
struct GrubParser {
    private let tokens: [GrubToken]
    private let words: [GrubWord]
    private var nodes: [GrubNode] = []
    private var index = 0
    /// Blocks open around the current command; bounded so hostile input cannot exhaust
    /// the stack.
    private var depth = 0
    static let maxDepth = 200

    private init(tokens: [GrubToken], words: [GrubWord]) {
        self.tokens = tokens
        self.words = words
    }

    /// Parses a whole file.
    static func parse(_ text: String) -> GrubProgram {
        let (tokens, words) = GrubLexer.lex(text)
        var parser = GrubParser(tokens: tokens, words: words)
        parser.nodes.reserveCapacity(tokens.count / 3)
        let errors = parser.parseScript()
        return GrubProgram(nodes: parser.nodes, words: parser.words, errors: errors)
    }

    private func word(_ token: GrubToken) -> GrubWord { words[Int(token.word)] }

    /// The reserved word the token at `i` is, when it is a plain word.
    private func reserved(_ i: Int) -> GrubReserved? {
        tokens[i].kind == .word ? word(tokens[i]).reserved : nil
    }

    private func invalidError(_ token: GrubToken) -> GrubSyntaxError {
        let what = word(token).literal ?? ""
        return GrubSyntaxError(line: Int(token.line),
                               message: what.count == 1 ? "syntax error: unexpected '\(what)'" : "syntax error: \(what)")
    }

    private mutating func parseScript() -> [GrubSyntaxError] {
        var errors: [GrubSyntaxError] = []
        while true {
            skipSeparators()
            guard index < tokens.count else { break }
            let start = index
            let mark = nodes.count
            do {
                if tokens[index].kind == .closeBrace {
                    throw GrubSyntaxError(line: Int(tokens[index].line), message: "syntax error: unexpected '}'")
                }
                if let r = reserved(index), r.isContinuation {
                    throw GrubSyntaxError(line: Int(tokens[index].line), message: "syntax error: unexpected '\(r.text)'")
                }
                try parseCommand()
            } catch let error as GrubSyntaxError {
                errors.append(error)
                nodes.removeSubrange(mark...)
                // Resume after the line the error was found on (at least one token on).
                index = max(index, start + 1)
                while index < tokens.count {
                    if tokens[index].kind == .separator, Int(tokens[index].line) >= error.line, !isSemicolon(index) {
                        index += 1
                        break
                    }
                    index += 1
                }
            } catch {}
        }
        return errors
    }

    /// Whether the separator at `i` stands for `;` (same line as the next token) rather
    /// than a newline. Newline separators carry the line they end.
    private func isSemicolon(_ i: Int) -> Bool {
        guard tokens[i].kind == .separator, i + 1 < tokens.count else { return false }
        return tokens[i + 1].line == tokens[i].line
    }

    private mutating func skipSeparators() {
        while index < tokens.count, tokens[index].kind == .separator { index += 1 }
    }

    private var currentLine: Int {
        Int(index < tokens.count ? tokens[index].line : (tokens.last?.line ?? 1))
    }

    /// Opens a node whose children follow; returns its index for `close`.
    private mutating func open(_ kind: GrubNode.Kind, line: Int, flag: Bool = false) -> Int {
        nodes.append(GrubNode(kind: kind, flag: flag, line: Int32(truncatingIfNeeded: line)))
        return nodes.count - 1
    }

    private mutating func close(_ node: Int) {
        nodes[node].end = Int32(nodes.count)
    }

    /// Parses commands until one of `terminators` (a reserved word in command position)
    /// or, when `brace` is set, a `}`; consumes and returns the terminator.
    @discardableResult
    private mutating func parseList(until terminators: GrubReservedSet, brace: Bool, context: @autoclosure () -> String)
        throws(GrubSyntaxError) -> GrubReserved? {
        while true {
            skipSeparators()
            guard index < tokens.count else {
                let expected = brace ? "'}'" : terminators.members.map(\.text).sorted().map { "'\($0)'" }.joined(separator: " or ")
                throw GrubSyntaxError(line: currentLine, message: "syntax error: unexpected end of file in \(context()), expected \(expected)")
            }
            let token = tokens[index]
            switch token.kind {
            case .closeBrace:
                if brace { index += 1; return nil }
                throw GrubSyntaxError(line: Int(token.line), message: "syntax error: unexpected '}' in \(context())")
            case .word:
                if let r = word(token).reserved {
                    if terminators.contains(r) {
                        index += 1
                        return r
                    }
                    if r.isContinuation {
                        throw GrubSyntaxError(line: Int(token.line), message: "syntax error: unexpected '\(r.text)' in \(context())")
                    }
                }
            default:
                break
            }
            try parseCommand()
        }
    }

    /// A `.list` node holding the commands up to a terminator; returns the terminator.
    private mutating func parseListNode(until terminators: GrubReservedSet, context: @autoclosure () -> String)
        throws(GrubSyntaxError) -> GrubReserved? {
        let node = open(.list, line: currentLine)
        let end = try parseList(until: terminators, brace: false, context: context())
        close(node)
        return end
    }

    private mutating func parseCommand() throws(GrubSyntaxError) {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: blocks nested more than \(Self.maxDepth) deep")
        }
        let token = tokens[index]
        let line = Int(token.line)
        switch token.kind {
        case .openBrace:
            index += 1
            let node = open(.group, line: line)
            try parseList(until: .nothing, brace: true, context: "block")
            close(node)
        case .invalid:
            throw invalidError(token)
        case .word:
            switch word(token).reserved {
            case .if: try parseIf(line: line)
            case .while: try parseLoop(until: false, line: line)
            case .until: try parseLoop(until: true, line: line)
            case .for: try parseFor(line: line)
            case .function: try parseFunction(line: line)
            case .menuentry: try parseMenu(submenu: false, line: line)
            case .submenu: try parseMenu(submenu: true, line: line)
            default: try parseSimple(line: line)
            }
        default:
            throw GrubSyntaxError(line: currentLine, message: "syntax error")
        }
    }

    /// Words up to a separator, `}` or the end (the `}` is left for the block).
    private mutating func parseSimple(line: Int) throws(GrubSyntaxError) {
        let first = tokens[index].word
        var count: Int32 = 0
        loop: while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .word: count += 1; index += 1
            case .separator, .closeBrace: break loop
            case .openBrace:
                throw GrubSyntaxError(line: Int(token.line), message: "syntax error: unexpected '{'")
            case .invalid:
                throw invalidError(token)
            }
        }
        var node = GrubNode(kind: .command, line: Int32(truncatingIfNeeded: line), firstWord: first, wordCount: count)
        if let name = words[Int(first)].literal {
            node.nameIsLiteral = true
            node.builtin = GrubInterpreter.builtin(named: name)
        }
        node.end = Int32(nodes.count + 1)
        nodes.append(node)
    }

    private mutating func parseIf(line: Int) throws(GrubSyntaxError) {
        index += 1
        let node = open(.conditional, line: line)
        _ = try parseListNode(until: .then, context: "if")
        while true {
            let end = try parseListNode(until: .ifBranchEnd, context: "if")
            if end == .fi { break }
            if end == .else {
                nodes[node].flag = true
                _ = try parseListNode(until: .fi, context: "else")
                break
            }
            _ = try parseListNode(until: .then, context: "elif")
        }
        close(node)
    }

    private mutating func parseLoop(until: Bool, line: Int) throws(GrubSyntaxError) {
        index += 1
        let node = open(.loop, line: line, flag: until)
        _ = try parseListNode(until: .do, context: until ? "until" : "while")
        _ = try parseListNode(until: .done, context: "loop")
        close(node)
    }

    private mutating func parseFor(line: Int) throws(GrubSyntaxError) {
        index += 1
        guard index < tokens.count, tokens[index].kind == .word, let name = word(tokens[index]).plain else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'for' needs a variable name")
        }
        let nameWord = tokens[index].word
        index += 1
        guard index < tokens.count, tokens[index].kind == .word, word(tokens[index]).plain == "in" else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'for \(name)' needs 'in'")
        }
        let first = tokens[index].word + 1
        index += 1
        var count: Int32 = 0
        while index < tokens.count, tokens[index].kind == .word {
            count += 1
            index += 1
        }
        skipSeparators()
        guard index < tokens.count, tokens[index].kind == .word, word(tokens[index]).plain == "do" else {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: 'for' needs 'do'")
        }
        index += 1
        let node = open(.forEach, line: line)
        nodes[node].name = nameWord
        nodes[node].firstWord = first
        nodes[node].wordCount = count
        try parseList(until: .done, brace: false, context: "for")
        close(node)
    }

    private mutating func parseFunction(line: Int) throws(GrubSyntaxError) {
        index += 1
        guard index < tokens.count, tokens[index].kind == .word, let name = word(tokens[index]).plain else {
            throw GrubSyntaxError(line: line, message: "syntax error: 'function' needs a name")
        }
        let nameWord = tokens[index].word
        index += 1
        skipSeparators()
        guard index < tokens.count, tokens[index].kind == .openBrace else {
            throw GrubSyntaxError(line: currentLine, message: "syntax error: function '\(name)' needs '{'")
        }
        index += 1
        let node = open(.function, line: line)
        nodes[node].name = nameWord
        try parseList(until: .nothing, brace: true, context: "function \(name)")
        close(node)
    }

    private mutating func parseMenu(submenu: Bool, line: Int) throws(GrubSyntaxError) {
        index += 1
        let first = index < tokens.count ? tokens[index].word : 0
        var count: Int32 = 0
        while index < tokens.count, tokens[index].kind == .word {
            count += 1
            index += 1
        }
        guard index < tokens.count, tokens[index].kind == .openBrace else {
            throw GrubSyntaxError(line: line, message: "syntax error: \(submenu ? "submenu" : "menuentry") needs '{' on its line")
        }
        index += 1
        let node = open(.menu, line: line, flag: submenu)
        nodes[node].firstWord = first
        nodes[node].wordCount = count
        try parseList(until: .nothing, brace: true, context: submenu ? "submenu" : "menuentry")
        close(node)
    }
}
