@testable import BootMenu
import Testing

@Suite struct TextFitTests {
    @Test func shortTextIsUnchanged() {
        #expect(TextFit.fit("Debian", width: 10, unicode: true) == "Debian")
    }

    @Test func longTextIsCutWithAnEllipsis() {
        #expect(TextFit.fit("Debian GNU/Linux", width: 8, unicode: true) == "Debian …")
        #expect(TextFit.width(TextFit.fit("Debian GNU/Linux", width: 8, unicode: true)) == 8)
    }

    @Test func asciiCutUsesATilde() {
        #expect(TextFit.fit("Debian GNU/Linux", width: 8, unicode: false) == "Debian ~")
    }

    @Test func accentsDegradeToBaseLetters() {
        #expect(TextFit.ascii("Fedora Workstation Édition – Ĺinux “ß”") == "Fedora Workstation Edition - Linux \"ss\"")
    }

    @Test func latinExtendedTableCoversTheWholeBlock() {
        #expect(TextFit.ascii("Āſ") == "As")
        #expect(TextFit.ascii("Žž") == "Zz")
        #expect(TextFit.ascii("Łódź") == "Lodz")
    }

    @Test func unknownScriptsBecomeQuestionMarks() {
        #expect(TextFit.ascii("Дебиан") == "??????")
    }

    @Test func controlCharactersCannotReachTheTerminal() {
        #expect(TextFit.sanitize("evil\u{1B}[2Jtitle\u{9B}") == "evil?[2Jtitle?")
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(TextFit.width("日本") == 4)
        #expect(TextFit.width(TextFit.truncate("日本語のタイトル", width: 7, unicode: true)) <= 7)
    }

    @Test func combiningMarksDoNotAddWidth() {
        #expect(TextFit.width("e\u{301}") == 1)
    }

    @Test func wrapBreaksAtSpaces() {
        #expect(TextFit.wrap("root=/dev/sda1 ro quiet splash", width: 12) == ["root=/dev/sd", "a1 ro quiet", "splash"])
    }

    @Test func wrapKeepsTheFirstLinesIndentation() {
        #expect(TextFit.wrap("  e   edit the entry", width: 40) == ["  e   edit the entry"])
        #expect(TextFit.wrap("  Enter  boot the entry", width: 14) == ["  Enter  boot", "the entry"])
    }

    @Test func wrapDropsIndentationWiderThanALine() {
        #expect(TextFit.wrap("      ab", width: 4) == ["ab"])
    }
}
