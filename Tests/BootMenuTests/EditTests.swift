import BootConfig
@testable import BootMenu
import Testing

@Suite struct EditTests {
    func editing() -> MenuModel {
        var m = Fixture.model()
        m.press(.character("e"))
        return m
    }

    @Test func opensOnTheCommandLineWithTheCursorAtTheEnd() {
        let m = editing()
        #expect(m.editForm?.focus == .cmdline)
        #expect(m.editForm?.cmdline.cursor == "root=/dev/vda2 ro".count)
    }

    @Test func typingAppendsAtTheCursor() {
        var m = editing()
        m.type(" quiet")
        #expect(m.editForm?.cmdline.text == "root=/dev/vda2 ro quiet")
    }

    @Test func enterBootsTheEditedCommandLine() {
        var m = editing()
        m.type(" single")
        let effects = m.press(.enter)
        #expect(effects.first?.plan?.cmdline == "root=/dev/vda2 ro single")
        #expect(effects.first?.reason == .edited)
    }

    @Test(arguments: [Key.control("x"), .function(10)])
    func ctrlXAndF10BootToo(_ key: Key) {
        var m = editing()
        #expect(m.press(key).first?.plan != nil)
    }

    @Test func escapeCancelsAndTheEntryIsUnchanged() {
        var m = editing()
        m.type(" single")
        m.press(.escape)
        #expect(m.screen == .menu)
        #expect(m.press(.enter).first?.plan?.cmdline == "root=/dev/vda2 ro")
    }

    @Test func editsLastOnlyForThisBoot() {
        var m = editing()
        m.type(" once")
        _ = m.press(.enter)
        m.bootFailed("kexec failed")
        m.press(.escape, .character("e"))
        #expect(m.editForm?.cmdline.text == "root=/dev/vda2 ro")
    }

    @Test func homeAndCtrlAGoToTheStart() {
        var b = EditBuffer("abc")
        b.apply(.home)
        #expect(b.cursor == 0)
        b.apply(.end)
        b.apply(.control("a"))
        #expect(b.cursor == 0)
        b.apply(.control("e"))
        #expect(b.cursor == 3)
    }

    @Test func backspaceDeletesBeforeTheCursorAndDeleteAfter() {
        var b = EditBuffer("abcd")
        b.apply(.left); b.apply(.left)
        b.apply(.backspace)
        #expect(b.text == "acd")
        b.apply(.delete)
        #expect(b.text == "ad")
        #expect(b.cursor == 1)
    }

    @Test func ctrlKCutsToTheEnd() {
        var b = EditBuffer("root=/dev/sda1 quiet splash")
        for _ in 0..<13 { b.apply(.left) }
        b.apply(.control("k"))
        #expect(b.text == "root=/dev/sda1")
    }

    @Test func arrowsStopAtTheEnds() {
        var b = EditBuffer("ab")
        b.apply(.right)
        #expect(b.cursor == 2)
        b.apply(.home); b.apply(.left)
        #expect(b.cursor == 0)
        b.apply(.backspace)
        #expect(b.text == "ab")
    }

    @Test func insertingInTheMiddle() {
        var b = EditBuffer("ac")
        b.apply(.left)
        b.apply(.character("b"))
        #expect(b.text == "abc")
        #expect(b.cursor == 2)
    }

    @Test func leftInTheEditorMovesTheCursorNotTheScreen() {
        var m = editing()
        m.press(.left)
        #expect(m.editForm != nil)
    }

    @Test func kernelAndInitrdsCanBeEdited() {
        var m = editing()
        m.press(.up, .control("k"))
        m.type(" /boot/extra.img")
        m.press(.up, .home, .control("k"))
        m.type("/boot/vmlinuz-test")
        let plan = m.press(.enter).first?.plan
        #expect(plan?.kernel == "/boot/vmlinuz-test")
        #expect(plan?.initrds == ["/boot/initrd-16", "/boot/extra.img"])
    }

    @Test func resetDevicesTickAddsTheWord() {
        var m = editing()
        m.press(.down, .character(" "))
        #expect(m.editForm?.resetDevices == true)
        #expect(m.press(.enter).first?.plan?.cmdline == "root=/dev/vda2 ro reset_devices")
    }

    @Test func globalResetDevicesCanBeUntickedForOneBoot() {
        var m = Fixture.model(options: MenuOptions(resetDevices: true))
        m.press(.character("e"))
        #expect(m.editForm?.resetDevices == true)
        m.press(.tab, .character(" "))
        #expect(m.press(.enter).first?.plan?.cmdline == "root=/dev/vda2 ro")
    }

    @Test func spaceInATextFieldIsText() {
        var m = editing()
        m.press(.character(" "))
        #expect(m.editForm?.cmdline.text == "root=/dev/vda2 ro ")
        #expect(m.editForm?.resetDevices == false)
    }

    @Test func focusWrapsAround() {
        var f = EditForm(entry: Fixture.entry("A"), key: EntryKey.keys(for: [Fixture.entry("A")])[0], resetDevices: false)
        f.moveFocus(by: 1)
        #expect(f.focus == .resetDevices)
        f.moveFocus(by: 1)
        #expect(f.focus == .kernel)
    }

    @Test func editScreenPlacesTheCursorAtTheEndOfTheCommandLine() {
        let m = editing()
        let image = MenuView.render(m, rows: 24, columns: 80, unicode: true)
        let c = image.cursor!
        let line = image.lines[c.row].text
        #expect(line.hasPrefix(" Cmdline:"))
        #expect(c.column == 11 + "root=/dev/vda2 ro".count)
    }

    @Test func longCommandLinesWrapAndTheCursorFollows() {
        let long = String(repeating: "x", count: 150)
        var m = Fixture.model(ConfigMenu(entries: [Fixture.entry("A", cmdline: long)], defaultIndex: 0, timeout: nil))
        m.press(.character("e"))
        let image = MenuView.render(m, rows: 24, columns: 80, unicode: true)
        let c = image.cursor!
        #expect(c.column == 11 + 150 - 68 * 2)
        #expect(image.lines[c.row - 2].text.hasPrefix(" Cmdline:"))
    }
}
