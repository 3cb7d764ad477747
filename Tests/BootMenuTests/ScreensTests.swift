import BootConfig
@testable import BootMenu
import Testing

@Suite struct ScreensTests {
    @Test func detailsShowEverythingAboutTheEntry() {
        var menu = Fixture.debianMenu
        menu.entries[0].line = 42
        menu.entries[0].devicetree = "/boot/dtb"
        var m = Fixture.model(menu)
        m.press(.character("i"))
        let text = TextScreens.lines(for: m).joined(separator: "\n")
        #expect(text.contains("Device:     /dev/vda1  DEBIAN  ext4  20 GiB"))
        #expect(text.contains("UUID:       1111"))
        #expect(text.contains("Label:      DEBIAN"))
        #expect(text.contains("Config:     /boot/grub/grub.cfg line 42"))
        #expect(text.contains("Kernel:     /boot/vmlinuz-16"))
        #expect(text.contains("Initrd:     /boot/initrd-16"))
        #expect(text.contains("Devicetree: /boot/dtb"))
        #expect(text.contains("Cmdline:    root=/dev/vda2 ro"))
    }

    @Test func detailsCloseWithEscape() {
        var m = Fixture.model()
        m.press(.character("i"), .escape)
        #expect(m.screen == .menu)
    }

    @Test func detailsOfASubmenuRowDoNothing() {
        var m = Fixture.model()
        m.press(.down, .character("i"))
        #expect(m.screen == .menu)
    }

    @Test func eFromDetailsEditsThatEntry() {
        var m = Fixture.model()
        m.press(.character("i"), .character("e"))
        #expect(m.editForm?.cmdline.text == "root=/dev/vda2 ro")
    }

    @Test func logOpensAtTheNewestLines() {
        var m = Fixture.model()
        m.log = (1...100).map { "line \($0)" }
        m.resize(rows: 24, columns: 80)
        m.press(.character("l"))
        let image = MenuView.render(m, rows: 24, columns: 80, unicode: true)
        #expect(image.lines[20].text == " line 100")
        #expect(image.lines[2].text == " line 82")
    }

    @Test func logScrollsUpAndHome() {
        var m = Fixture.model()
        m.log = (1...100).map { "line \($0)" }
        m.press(.character("l"), .up)
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).lines[20].text == " line 99")
        m.press(.home)
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).lines[2].text == " line 1")
        m.press(.pageDown)
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).lines[2].text == " line 20")
    }

    @Test func lKeyClosesTheLog() {
        var m = Fixture.model()
        m.press(.character("l"), .character("l"))
        #expect(m.screen == .menu)
    }

    @Test func helpListsTheKeys() {
        var m = Fixture.model()
        m.press(.character("h"))
        let text = TextScreens.lines(for: m).joined(separator: "\n")
        #expect(text.contains("rescan devices"))
        #expect(!text.contains("a shell"))
        m.press(.escape, .character("?"))
        #expect(m.screen == .help)
    }

    @Test func helpShowsTheShellWhenThereIsOne() {
        var m = Fixture.model(options: MenuOptions(shellAvailable: true))
        m.press(.function(1))
        #expect(TextScreens.lines(for: m).contains { $0.contains("a shell") })
    }

    @Test func bootFailureIsShownOnTheStatusLine() {
        var m = Fixture.model()
        _ = m.press(.enter)
        m.bootFailed("kexec_file_load /boot/vmlinuz: Exec format error")
        #expect(MenuView.statusText(m) == "kexec_file_load /boot/vmlinuz: Exec format error")
    }

    @Test func bootFailureAfterTimeoutZeroShowsTheMenu() {
        var menu = Fixture.debianMenu
        menu.timeout = 0
        var m = Fixture.model(menu)
        _ = m.handle(.tick(0))
        m.bootFailed("no such file")
        #expect(m.visible)
    }

    @Test func configErrorsAreCountedOnTheStatusLine() {
        var menu = Fixture.debianMenu
        menu.timeout = nil
        menu.errors = [ConfigError(volume: "/dev/vda1", config: "/boot/grub/grub.cfg", line: 3, message: "bad")]
        #expect(MenuView.statusText(Fixture.model(menu)) == "1 config error: press l for the log.")
    }
}
