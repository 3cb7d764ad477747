/// A parsed GRUB script command (the AST). Lines are 1-based.
indirect enum GrubNode: Sendable {
    /// A simple command: words to expand, then a builtin, function or assignment.
    case command(words: [GrubWord], line: Int)
    /// `if COND; then BODY; [elif COND; then BODY;]… [else BODY;] fi`.
    case conditional(branches: [(condition: [GrubNode], body: [GrubNode])], otherwise: [GrubNode]?, line: Int)
    /// `while`/`until COND; do BODY; done`.
    case loop(until: Bool, condition: [GrubNode], body: [GrubNode], line: Int)
    /// `for NAME in WORDS; do BODY; done`.
    case forEach(name: String, words: [GrubWord], body: [GrubNode], line: Int)
    /// `function NAME { BODY }`.
    case function(name: String, body: [GrubNode], line: Int)
    /// `menuentry WORDS { BODY }` or `submenu WORDS { BODY }`.
    case menu(submenu: Bool, words: [GrubWord], body: [GrubNode], line: Int)
    /// `{ BODY }` as a command.
    case group([GrubNode], line: Int)
}

/// A syntax error: where and what.
struct GrubSyntaxError: Error, Sendable {
    var line: Int
    var message: String
}

/// A parsed file: its commands, and the syntax errors skipped on the way.
struct GrubScript: Sendable {
    var commands: [GrubNode]
    var errors: [GrubSyntaxError]
}

extension GrubNode {
    /// The line the node starts on.
    var line: Int {
        switch self {
        case .command(_, let line), .conditional(_, _, let line), .loop(_, _, _, let line), .forEach(_, _, _, let line),
             .function(_, _, let line), .menu(_, _, _, let line), .group(_, let line):
            return line
        }
    }
}
