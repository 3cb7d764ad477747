import Testing
@testable import TerminalUI

@Suite struct TerminalSizeTests {
    @Test func paddingIsRemovedFromTerminfoStrings() {
        #expect(TerminalSize.withoutPadding(Array("\u{1B}[1;30r".utf8)) == Array("\u{1B}[1;30r".utf8))
        #expect(TerminalSize.withoutPadding(Array("\u{1B}[1;30r$<5>".utf8)) == Array("\u{1B}[1;30r".utf8))
        #expect(TerminalSize.withoutPadding(Array("$<2*/>\u{1B}[r$<10>x".utf8)) == Array("\u{1B}[rx".utf8))
    }

    @Test func aDollarThatStartsNoPaddingStays() {
        #expect(TerminalSize.withoutPadding(Array("a$b$<".utf8)) == Array("a$b$<".utf8))
    }
}
