@testable import BootMenu
import Testing

@Suite struct KeyDecoderTests {
    func keys(_ bytes: [UInt8], flush: Bool = false) -> [Key] {
        var d = KeyDecoder()
        var out = d.feed(bytes)
        if flush { out += d.flush() }
        return out.compactMap { if case .key(let k) = $0 { return k } else { return nil } }
    }

    func keys(_ s: String, flush: Bool = false) -> [Key] { keys(Array(s.utf8), flush: flush) }

    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}[1~", .home), ("\u{1B}[4~", .end),
        ("\u{1B}[7~", .home), ("\u{1B}[8~", .end), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[3~", .delete), ("\u{1B}[2~", .insert), ("\u{1B}[Z", .backTab),
    ])
    func arrowAndEditingSequences(_ seq: String, _ key: Key) {
        #expect(keys(seq) == [key])
    }

    @Test(arguments: [
        ("\u{1B}OP", 1), ("\u{1B}OS", 4), ("\u{1B}[11~", 1), ("\u{1B}[15~", 5), ("\u{1B}[17~", 6),
        ("\u{1B}[21~", 10), ("\u{1B}[24~", 12), ("\u{1B}[[A", 1), ("\u{1B}[[E", 5),
    ])
    func functionKeysFromXtermVt220AndLinuxConsole(_ seq: String, _ n: Int) {
        #expect(keys(seq) == [.function(n)])
    }

    @Test func modifiedArrowIsStillAnArrow() {
        #expect(keys("\u{1B}[1;5A") == [.up])
    }

    @Test func deleteAndBackspaceBytesAreBackspace() {
        #expect(keys([0x7F, 0x08]) == [.backspace, .backspace])
    }

    @Test func carriageReturnAndLineFeedAreEnter() {
        #expect(keys([0x0D]) == [.enter])
        #expect(keys([0x0A]) == [.enter])
    }

    @Test func crlfIsOneEnter() {
        #expect(keys([0x0D, 0x0A]) == [.enter])
        #expect(keys([0x0D, 0x0D]) == [.enter, .enter])
    }

    @Test func controlChordsNameTheirLetter() {
        #expect(keys([0x01, 0x05, 0x0B, 0x18]) == [.control("a"), .control("e"), .control("k"), .control("x")])
    }

    @Test func loneEscapeNeedsTheDelayToPass() {
        var d = KeyDecoder()
        #expect(d.feed([0x1B]).isEmpty)
        #expect(d.isPending)
        #expect(d.flush() == [.key(.escape)])
        #expect(!d.isPending)
    }

    @Test func sequenceSplitAcrossReadsIsJoined() {
        var d = KeyDecoder()
        #expect(d.feed([0x1B, UInt8(ascii: "[")]).isEmpty)
        #expect(d.feed([UInt8(ascii: "B")]) == [.key(.down)])
    }

    @Test func escapeFollowedByALetterIsEscapeThenTheLetter() {
        #expect(keys("\u{1B}e") == [.escape, .character("e")])
    }

    @Test func utf8CharactersAreDecodedWhole() {
        #expect(keys("é€") == [.character("é"), .character("€")])
    }

    @Test func utf8SplitAcrossReadsIsJoined() {
        var d = KeyDecoder()
        let bytes = Array("é".utf8)
        #expect(d.feed([bytes[0]]).isEmpty)
        #expect(d.feed([bytes[1]]) == [.key(.character("é"))])
    }

    @Test func cursorPositionReportIsNotAKey() {
        var d = KeyDecoder()
        #expect(d.feed(Array("\u{1B}[40;132R".utf8)) == [.cursorPosition(row: 40, column: 132)])
    }

    @Test func unknownSequenceIsDropped() {
        #expect(keys("\u{1B}[99~x") == [.character("x")])
    }
}
