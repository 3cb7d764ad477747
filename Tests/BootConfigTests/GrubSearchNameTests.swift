@testable import BootConfig
import Testing

/// `search`'s case-insensitive UUID comparison: ASCII byte by byte, anything else as
/// `lowercased()` compares it.
@Suite("GRUB search names")
struct GrubSearchNameTests {
    @Test func sameIgnoringCase() {
        let pairs: [(String, String)] = [
            ("0c5e9b1a-2F4D", "0C5E9B1A-2f4d"), ("B00T-0001", "b00t-0001"), ("abc", "abd"), ("ab", "abc"),
            ("@[", "`{"), ("a-b", "A_B"), ("ÉTÉ-1", "été-1"), ("Straße", "STRASSE"), ("", ""), ("x", ""),
        ]
        for (a, b) in pairs {
            #expect(GrubInterpreter.sameIgnoringCase(a, b) == (a.lowercased() == b.lowercased()), "\(a) \(b)")
        }
    }
}

/// `resolve`'s absolute-name check on bytes: the same answer as `hasPrefix("/")`.
@Suite("GRUB absolute names")
struct GrubAbsoluteNameTests {
    @Test func startsWithSlash() {
        for name in ["/boot/vmlinuz", "/", "//x", "boot", "", "/\u{301}x", "/\u{301}", "\u{301}/", "/é", "x/"] {
            #expect(GrubInterpreter.startsWithSlash(Substring(name)) == name.hasPrefix("/"), "\(name.debugDescription)")
        }
    }
}
