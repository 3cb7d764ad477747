/// One node of a parsed GRUB script. A script is one flat array of nodes in source
/// order (`GrubProgram.nodes`): a node's children follow it, up to `end`, so a body is
/// a range of that array and nothing is allocated per node or freed one by one.
struct GrubNode: Sendable {
    enum Kind: UInt8, Sendable {
        /// A simple command: `wordCount` words from `firstWord`, then a builtin, function
        /// or assignment.
        case command
        /// `if`: its children are `.list` nodes, condition then body for each branch,
        /// then the `else` body when `flag` is set.
        case conditional
        /// `while` (`until` when `flag`): two `.list` children, condition and body.
        case loop
        /// `for NAME in WORDS`: `name` is the word index of NAME, the words are WORDS;
        /// the children are the body.
        case forEach
        /// `function NAME { BODY }`: `name` is the word index of NAME.
        case function
        /// `menuentry WORDS { BODY }` (`submenu` when `flag`).
        case menu
        /// `{ BODY }` as a command.
        case group
        /// A list of commands: the body of a branch or loop.
        case list
    }

    var kind: Kind
    var flag = false
    /// The builtin a command's name resolves to, when its first word is literal text
    /// (looked up once at parse time).
    var builtin: GrubInterpreter.Builtin?
    /// Whether `builtin` was resolved at parse time.
    var nameIsLiteral = false
    var line: Int32
    var firstWord: Int32 = 0
    var wordCount: Int32 = 0
    var name: Int32 = 0
    /// One past the node's last descendant.
    var end: Int32 = 0

    /// The words of a command, menu or `for`, as a range of `GrubProgram.words`.
    var words: Range<Int> { Int(firstWord)..<Int(firstWord + wordCount) }
}

/// A parsed file: its nodes and words in flat arrays, and the syntax errors skipped on
/// the way. Shared, never changed after parsing.
final class GrubProgram: Sendable {
    let nodes: [GrubNode]
    /// Every word of the file in order (a command's words are consecutive).
    let words: [GrubWord]
    let errors: [GrubSyntaxError]

    init(nodes: [GrubNode], words: [GrubWord], errors: [GrubSyntaxError]) {
        self.nodes = nodes
        self.words = words
        self.errors = errors
    }

    /// The whole file as a block.
    var all: GrubBlock { GrubBlock(program: self, start: 0, end: Int32(nodes.count)) }
}

/// A list of commands: the nodes `start..<end` of a program at one nesting level.
struct GrubBlock: Sendable {
    let program: GrubProgram
    let start: Int32
    let end: Int32

    /// The body of the node at `index` (its children).
    init(program: GrubProgram, childrenOf index: Int) {
        self.program = program
        start = Int32(index + 1)
        end = program.nodes[index].end
    }

    init(program: GrubProgram, start: Int32, end: Int32) {
        self.program = program
        self.start = start
        self.end = end
    }
}

/// A syntax error: where and what.
struct GrubSyntaxError: Error, Sendable {
    var line: Int
    var message: String
}
