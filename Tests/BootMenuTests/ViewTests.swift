import BootConfig
@testable import BootMenu
import Testing

@Suite struct ViewTests {
    @Test func titleBarNamesSwiftbootAndItsVersion() {
        let image = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true)
        #expect(image.lines[0].text.hasPrefix(" swiftboot 0.1.0"))
        #expect(image.lines[0].style == .titleBar)
        #expect(image.lines.count == 24)
    }

    @Test func deviceHeadingsShowLabelFilesystemAndSize() {
        let text = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true).text
        #expect(text.contains(" /dev/vda1  DEBIAN  ext4  20 GiB"))
        #expect(text.contains(" /dev/vdb1  QEMU HARDDISK  xfs  512 MiB"))
    }

    @Test func theSelectedRowIsHighlightedAcrossTheWidth() {
        let image = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true)
        let selected = image.lines.filter { $0.style == .selected }
        #expect(selected.count == 1)
        #expect(selected[0].text.count == 80)
        #expect(selected[0].text.contains("Debian GNU/Linux"))
    }

    @Test func submenuRowsAreMarked() {
        let text = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true).text
        #expect(text.contains("    Advanced options >"))
    }

    @Test func insideASubmenuTheHeadingIsABreadcrumb() {
        var m = Fixture.model()
        m.press(.down, .enter)
        let image = MenuView.render(m, rows: 24, columns: 80, unicode: true)
        #expect(image.lines[2].text == " /dev/vda1  DEBIAN  ext4  20 GiB > Advanced options")
        #expect(image.lines[23].text.contains("Esc=back"))
    }

    @Test func longTitlesAreTruncatedToTheWidth() {
        let title = String(repeating: "Long title ", count: 12)
        let m = Fixture.model(ConfigMenu(entries: [Fixture.entry(title)], defaultIndex: 0, timeout: nil))
        for line in MenuView.render(m, rows: 24, columns: 40, unicode: true).lines {
            #expect(TextFit.width(line.text) <= 40)
        }
    }

    @Test func utf8TitlesDegradeToAsciiWhereTheTerminalCannotDrawThem() {
        let m = Fixture.model(ConfigMenu(entries: [Fixture.entry("Fedora Édition")], defaultIndex: 0, timeout: nil))
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).text.contains("Fedora Édition"))
        let ascii = MenuView.render(m, rows: 24, columns: 80, unicode: false).text
        #expect(ascii.contains("Fedora Edition"))
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func theSelectionStaysVisibleInALongList() {
        let many = ConfigMenu(entries: (0..<60).map { Fixture.entry("Entry \($0)") }, defaultIndex: 0, timeout: nil)
        var m = Fixture.model(many)
        m.press(.end)
        let image = MenuView.render(m, rows: 24, columns: 80, unicode: true)
        #expect(image.lines.contains { $0.style == .selected && $0.text.contains("Entry 59") })
    }

    @Test func anEmptyMenuSaysSo() {
        let text = MenuView.render(Fixture.model(ConfigMenu()), rows: 24, columns: 80, unicode: true).text
        #expect(text.contains("No boot entries found"))
    }

    @Test func badEntriesAreMarked() {
        let m = Fixture.model(ConfigMenu(entries: [Fixture.entry("Old", isBad: true)], defaultIndex: 0, timeout: nil))
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).text.contains("Old (no tries left)"))
    }

    @Test func helpLineListsTheKeys() {
        let image = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true)
        #expect(image.lines[23].text == " Enter=boot  e=edit  i=info  l=log  r=rescan  h=help")
    }

    @Test(arguments: [(UInt64(0), "0 B"), (1536, "1.5 KiB"), (512 << 20, "512 MiB"), (20 << 30, "20 GiB")])
    func sizesUseBinaryUnits(_ bytes: UInt64, _ text: String) {
        #expect(MenuDevice.formatSize(bytes) == text)
    }
}

@Suite struct SubmenuMarkTests {
    @Test func aSubmenuHoldingTheDefaultIsMarked() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "gnulinux-5.10"))
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).text.contains("  * Advanced options >"))
    }

    @Test func aSubmenuWithoutTheDefaultIsNot() {
        let text = MenuView.render(Fixture.model(), rows: 24, columns: 80, unicode: true).text
        #expect(!text.contains("* Advanced options"))
    }
}

@Suite struct TinyTerminalTests {
    @Test(arguments: [(6, 20), (7, 30), (3, 10), (24, 80)])
    func everyScreenFitsEvenATinyTerminal(_ rows: Int, _ columns: Int) {
        var m = Fixture.model()
        let screens: [[Key]] = [[], [.down, .enter], [.down, .enter, .end], [.character("e")], [.character("i")],
                                [.character("h")], [.character("l")]]
        for keys in screens {
            var copy = m
            for k in keys { _ = copy.handle(.key(k)) }
            let image = MenuView.render(copy, rows: rows, columns: columns, unicode: true)
            #expect(image.lines.count == max(rows, 6))
            #expect(image.lines.allSatisfy { TextFit.width($0.text) <= max(columns, 20) })
        }
        m.press(.down, .enter)
        #expect(MenuView.render(m, rows: 6, columns: 20, unicode: true).lines.contains { $0.style == .selected })
    }
}
