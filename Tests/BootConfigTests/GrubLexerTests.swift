@testable import BootConfig
import Testing

/// The byte-level GRUB lexer: words straight from the text, quotes, escapes, odd bytes.
@Suite("GRUB lexer")
struct GrubLexerTests {
    /// The words of `text`, each as (literal or nil, parts, quoted, line).
    private func words(_ text: String) -> [GrubWord] {
        let (tokens, words) = GrubLexer.lex(text)
        return tokens.filter { $0.kind == .word }.map { words[Int($0.word)] }
    }

    @Test func plainWordsAreLiteralsWithTheirLines() {
        let ws = words("linux /boot/vmlinuz ro\n  initrd /initrd.img\n")
        #expect(ws.map(\.literal) == ["linux", "/boot/vmlinuz", "ro", "initrd", "/initrd.img"])
        #expect(ws.map(\.line) == [1, 1, 1, 2, 2])
        #expect(ws.allSatisfy { !$0.quoted && $0.parts.isEmpty })
        #expect(ws[0].reserved == nil)
    }

    @Test func utf8InsideAndOutsideQuotesIsKept() {
        let ws = words("menuentry 'Débian – ünïcode 🐧' \"grüße $v\" naïve")
        #expect(ws[1].literal == "Débian – ünïcode 🐧")
        #expect(ws[1].quoted)
        #expect(ws[2].parts == [.text("grüße "), .variable("v", quoted: true)])
        #expect(ws[3].literal == "naïve")
    }

    @Test func escapesInAndOutOfDoubleQuotes() {
        // Unquoted `\x` is `x`; in double quotes only `\$ \" \\` lose the backslash.
        let ws = words(#"a\ b "x\$y\"z\\w\q" 'l\it'"#)
        #expect(ws.map(\.literal) == ["a b", #"x$y"z\w\q"#, #"l\it"#])
    }

    @Test func lineContinuationsJoinWordsAndCountLines() {
        let ws = words("linux /k \\\n  ro\nab\\\ncd x\n")
        #expect(ws.map(\.literal) == ["linux", "/k", "ro", "abcd", "x"])
        #expect(ws.map(\.line) == [1, 1, 2, 3, 4])
    }

    @Test func crlfLinesEndWordsAndTheCarriageReturnIsBlank() {
        let ws = words("set a=1\r\nmenuentry x {\r\n}\r\n")
        #expect(ws.map(\.literal) == ["set", "a=1", "menuentry", "x"])
        #expect(ws.map(\.line) == [1, 1, 2, 2])
    }

    @Test func nulBytesStayInsideWords() {
        let ws = words("ab\u{0}cd 'q\u{0}' x")
        #expect(ws.map(\.literal) == ["ab\u{0}cd", "q\u{0}", "x"])
    }

    @Test func invalidUTF8IsRepairedNotDropped() {
        let bytes: [UInt8] = Array("set a=".utf8) + [0xFF, 0x41] + Array(" b".utf8)
        let ws = words(String(decoding: bytes, as: UTF8.self))
        #expect(ws.map(\.literal) == ["set", "a=\u{FFFD}A", "b"])
    }

    @Test func veryLongLinesAndWords() {
        let long = String(repeating: "x", count: 200_000)
        let ws = words("echo \(long) '\(long)'\nnext")
        #expect(ws.count == 4)
        #expect(ws[1].literal?.utf8.count == 200_000)
        #expect(ws[2].literal == long)
        #expect(ws[3].line == 2)
    }

    @Test func variablesAndMixedWords() {
        let ws = words("pre${a}post $1 \"$@\" $ x$")
        #expect(ws[0].parts == [.text("pre"), .variable("a", quoted: false), .text("post")])
        #expect(ws[1].parts == [.variable("1", quoted: false)])
        #expect(ws[2].parts == [.variable("@", quoted: true)])
        #expect(ws[3].literal == "$")
        #expect(ws[4].literal == "x$")
    }

    @Test func emptyQuotesMakeAnEmptyQuotedWord() {
        // `""` is one empty text; `''` has no part at all but, quoted, still expands to "".
        let ws = words("a \"\" ''")
        #expect(ws.map(\.literal) == ["a", "", nil])
        #expect(ws.map(\.quoted) == [false, true, true])
        #expect(ws[2].parts.isEmpty)
    }

    @Test func metacharactersAndUnterminatedQuotes() {
        let (tokens, words) = GrubLexer.lex("a|b;c{d}\n'open")
        // Each token as kind, line and (for words and invalid tokens) its text.
        let described = tokens.map { t in "\(t.kind) \(t.line)" + (t.word >= 0 ? " " + (words[Int(t.word)].literal ?? "?") : "") }
        #expect(described == [
            "word 1 a", "invalid 1 |", "word 1 b", "separator 1", "word 1 c", "openBrace 1",
            "word 1 d", "closeBrace 1", "separator 1", "invalid 2 unterminated single quote",
        ])
        #expect(tokens.filter { $0.word >= 0 }.map(\.word) == Array(0..<Int32(words.count)))
    }

    @Test func reservedWordsOnlyWhenPlain() {
        #expect(words("if")[0].reserved == .if)
        #expect(words("menuentry")[0].reserved == .menuentry)
        #expect(words("'if'")[0].reserved == nil)
        #expect(words("iff")[0].reserved == nil)
        #expect(words("set")[0].reserved == nil)
        for word in GrubReserved.allCases {
            #expect(GrubReserved(word.text) == word)
        }
    }
}

/// Byte-level helpers of the GRUB interpreter and the path arithmetic they lean on.
@Suite("GRUB byte helpers")
struct GrubByteHelperTests {
    @Test func canonicalPathsAreReturnedAsIs() {
        #expect(Path.normalize("/boot/vmlinuz") == "/boot/vmlinuz")
        #expect(Path.normalize("/") == "/")
        #expect(Path.normalize("") == "/")
        #expect(Path.normalize("//a//b/") == "/a/b")
        #expect(Path.normalize("/a/./b/../c") == "/a/c")
        #expect(Path.normalize("/a/..") == "/")
        #expect(Path.normalize("/..a/b.") == "/..a/b.")
        #expect(Path.normalize("rel/x") == "/rel/x")
        #expect(Path.normalize("/ü/ö") == "/ü/ö")
        #expect(Path.isCanonical("/a/b") && !Path.isCanonical("/a/") && !Path.isCanonical("/a/.")
                && !Path.isCanonical("/a/../b") && !Path.isCanonical("a"))
    }

    @Test func memtestIsFoundInTheBasenameInAnyCase() {
        #expect(GrubInterpreter.namesMemtest("/boot/memtest86+.bin"))
        #expect(GrubInterpreter.namesMemtest("/boot/x-MemTest86"))
        #expect(GrubInterpreter.namesMemtest("/mememtest"))
        #expect(!GrubInterpreter.namesMemtest("/memtest/vmlinuz"))
        #expect(!GrubInterpreter.namesMemtest("/boot/memtes"))
    }

    @Test func kernelArgumentsQuotedAsGrubWritesThem() {
        #expect(GrubMenuEvaluator.quote("ro") == "ro")
        #expect(GrubMenuEvaluator.quote("a b") == "\"a b\"")
        #expect(GrubMenuEvaluator.quote(#"it's"#) == #"it\'s"#)
        #expect(GrubMenuEvaluator.quote("x=\"1\"\t\\") == "\"x=\\\"1\\\"\t\\\\\"")
        #expect(GrubMenuEvaluator.quote("ünï") == "ünï")
    }

    @Test func jsonStringsEscapedOnBytes() {
        let value = JSON.array([.string("a\"b\\c\nd\r\t\u{1}é🐧\u{7F}"), .object([("k", .int(-3)), ("n", .null)])])
        #expect(value.rendered() == "[\n  \"a\\\"b\\\\c\\nd\\r\\t\\u0001é🐧\u{7F}\",\n  {\n    \"k\": -3,\n    \"n\": null\n  }\n]")
        var out = ""
        JSON.quote("x\u{1F}", into: &out)
        #expect(out == "\"x\\u001f\"")
    }
}
