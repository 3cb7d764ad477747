@testable import BootConfig
import Testing

/// The flat AST: one node array per file, children after their parent up to `end`.
@Suite("GRUB parser")
struct GrubParserTests {
    /// Each node as "kind@index..end", in array order.
    private func shape(_ program: GrubProgram) -> [String] {
        program.nodes.enumerated().map { "\($1.kind)@\($0)..\($1.end)" }
    }

    @Test func nodesAreFlatWithTheirChildrenUpToEnd() {
        let program = GrubParser.parse("""
            if a; then b; elif c; then d; else e; fi
            while x; do y; done
            menuentry t { linux /k; initrd /i }
            """)
        #expect(program.errors.isEmpty)
        #expect(shape(program) == [
            "conditional@0..11", "list@1..3", "command@2..3", "list@3..5", "command@4..5",
            "list@5..7", "command@6..7", "list@7..9", "command@8..9", "list@9..11", "command@10..11",
            "loop@11..16", "list@12..14", "command@13..14", "list@14..16", "command@15..16",
            "menu@16..19", "command@17..18", "command@18..19",
        ])
        #expect(program.nodes[0].flag) // has an else
        #expect(!program.nodes[11].flag) // while, not until
        // A command's words are a range of the file's word array.
        let linux = program.nodes[17]
        #expect(program.words[linux.words].map(\.literal) == ["linux", "/k"])
        #expect(linux.nameIsLiteral && linux.builtin == .linux)
    }

    @Test func aSyntaxErrorDropsTheWholeTopLevelCommand() {
        let program = GrubParser.parse("""
            menuentry a {
              if x; then
                linux /k |
              fi
            }
            set b=1
            """)
        // Parsing resumes after the line of the error: the stray `fi` and `}` are errors
        // of their own, and nothing of the broken menuentry is left.
        #expect(program.errors.map(\.line) == [3, 4, 5])
        #expect(shape(program) == ["command@0..1"])
        #expect(program.words[program.nodes[0].words].map(\.literal) == ["set", "b=1"])
    }

    @Test func nameTableFindsEveryEntryAndNothingElse() {
        let names = (0..<300).map { "name\($0)" } + ["", "a", "search.fs_uuid", "--hint-baremetal"]
        let table = GrubNameTable(names.enumerated().map { ($1, $0) })
        for (i, name) in names.enumerated() { #expect(table[name] == i) }
        #expect(table["name300"] == nil)
        #expect(table["Name1"] == nil)
        #expect(table["search.fs_uui"] == nil)
    }
}
