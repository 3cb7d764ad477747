import BootConfig
@testable import BootMenu
import Testing

@Suite struct DefaultTests {
    @Test func configDefaultIsUsed() {
        var menu = Fixture.debianMenu
        menu.defaultIndex = 4
        #expect(Fixture.model(menu).defaultKey?.title == "Fedora Linux 39")
    }

    @Test func kernelDefaultGlobMatchesTitles() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "Fedora*"))
        #expect(m.defaultKey?.title == "Fedora Linux 39")
        #expect(m.selectedTitle == "Fedora Linux 39")
    }

    @Test func kernelDefaultGlobMatchesIds() {
        let m = Fixture.model(options: MenuOptions(kernel: KernelOptions.parse("swiftboot.default=gnulinux-5.*")))
        #expect(m.defaultKey?.title == "Debian 5.10")
    }

    @Test func aDefaultInsideASubmenuSelectsTheSubmenuRow() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "gnulinux-5.10"))
        #expect(m.selectedTitle == "Advanced options")
    }

    @Test func unmatchedGlobFallsBackToTheConfigDefault() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "windows*"))
        #expect(m.defaultKey?.title == "Debian GNU/Linux")
    }

    @Test func timeoutBootsTheGlobDefault() {
        var m = Fixture.model(options: MenuOptions(defaultGlob: "memtest"))
        #expect(m.handle(.tick(5000)).first?.plan?.entry.title == "Memory test")
    }

    @Test func theDefaultIsMarkedOnScreen() {
        let m = Fixture.model()
        let text = MenuView.render(m, rows: 24, columns: 80, unicode: true).text
        #expect(text.contains("* Debian GNU/Linux"))
        #expect(text.contains("    Memory test"))
    }
}
