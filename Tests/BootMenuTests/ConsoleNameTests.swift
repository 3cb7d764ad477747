@testable import BootMenu
import Testing

@Suite struct ConsoleNameTests {
    @Test func activeFileListsEveryConsole() {
        let consoles = ConsoleName.parse("tty0 ttyS0\n")
        #expect(consoles.map(\.name) == ["tty0", "ttyS0"])
        #expect(consoles.map(\.devicePath) == ["/dev/tty1", "/dev/ttyS0"])
        #expect(consoles.map(\.isSerial) == [false, true])
    }

    @Test func duplicatesAreDropped() {
        #expect(ConsoleName.parse("ttyS0 ttyS0").count == 1)
    }

    @Test func serialDefaultsToVt220() {
        #expect(ConsoleName("ttyS0").terminalTypes(commandLineTerm: nil).first == "vt220")
        #expect(ConsoleName("hvc0").isSerial)
    }

    @Test func virtualTerminalsUseLinux() {
        #expect(ConsoleName("tty1").terminalTypes(commandLineTerm: "xterm").first == "linux")
    }

    @Test func commandLineTermWinsOnSerial() {
        #expect(ConsoleName("ttyS0").terminalTypes(commandLineTerm: "xterm-256color") == ["xterm-256color", "vt220", "vt102", "vt100"])
    }

    @Test func vtTerminalsDrawAscii() {
        #expect(!ConsoleName.drawsUnicode(terminalType: "vt220"))
        #expect(ConsoleName.drawsUnicode(terminalType: "xterm-256color"))
        #expect(ConsoleName.drawsUnicode(terminalType: "linux"))
    }
}
