import BootConfig
@testable import BootMenu
import Testing

/// The layout of every screen on the terminal sizes of servers' serial consoles.
@Suite struct ScreenSizeTests {
    static let sizes: [(rows: Int, columns: Int)] = [(24, 80), (30, 100), (43, 132), (60, 200)]

    enum Screen: String, CaseIterable, Sendable {
        case menu, countdown, submenu, edit, details, log, help
    }

    /// The model showing `screen`, sized `rows` x `columns`.
    static func model(_ screen: Screen, rows: Int, columns: Int) -> MenuModel {
        var m = Fixture.model()
        m.resize(rows: rows, columns: columns)
        m.log = (1...100).map { "line \($0)" }
        switch screen {
        case .countdown: break
        case .menu: m.press(.character("x"))
        case .submenu: m.press(.down, .enter)
        case .edit: m.press(.character("e"))
        case .details: m.press(.character("i"))
        case .log: m.press(.character("l"))
        case .help: m.press(.character("h"))
        }
        return m
    }

    static let helpKeys: [Screen: String] = [
        .menu: " Enter=boot", .countdown: " Enter=boot", .submenu: " Enter=boot", .edit: " Enter/Ctrl-X=boot",
        .details: " Up/Down/PgUp/PgDn=scroll", .log: " Up/Down/PgUp/PgDn/Home/End=scroll", .help: " Up/Down=scroll",
    ]

    @Test(arguments: sizes.map { "\($0.columns)x\($0.rows)" }, Screen.allCases)
    func everyRowFitsAndTheFrameSitsOnItsRows(size: String, screen: Screen) {
        let (rows, columns) = Self.sizes.first { "\($0.columns)x\($0.rows)" == size }!
        let image = MenuView.render(Self.model(screen, rows: rows, columns: columns), rows: rows, columns: columns, unicode: true)
        #expect(image.lines.count == rows)
        for line in image.lines { #expect(TextFit.width(line.text) <= columns) }
        // The title bar spans the width, the screen's name ends one column from the edge.
        #expect(TextFit.width(image.lines[0].text) == columns)
        #expect(image.lines[0].text.hasSuffix(" "))
        #expect(image.lines[0].text.hasPrefix(" swiftboot 0.1.0 "))
        #expect(image.lines[1].text.isEmpty)
        #expect(image.lines[rows - 3].text.isEmpty)
        #expect(image.lines[rows - 2].style == .status)
        #expect(image.lines[rows - 1].style == .help)
        #expect(image.lines[rows - 1].text.hasPrefix(Self.helpKeys[screen]!))
        if screen == .countdown {
            #expect(image.lines[rows - 2].text == " Booting 'Debian GNU/Linux' in 5s. Press any key to stop.")
        } else {
            #expect(image.lines[rows - 2].text.allSatisfy { $0 == " " })
        }
        if let cursor = image.cursor {
            #expect(cursor.row >= 2 && cursor.row < rows - 3)
            #expect(cursor.column < columns)
        }
    }

    @Test(arguments: sizes.map { "\($0.columns)x\($0.rows)" })
    func textScreensFillTheBodyAndPageByIt(size: String) {
        let (rows, columns) = Self.sizes.first { "\($0.columns)x\($0.rows)" == size }!
        var m = Self.model(.log, rows: rows, columns: columns)
        m.press(.home)
        var body = Array(MenuView.render(m, rows: rows, columns: columns, unicode: true).lines[2..<(rows - 3)])
        #expect(body.map(\.text) == (1...(rows - 5)).map { " line \($0)" })
        // One page on, or as far as the last page starts.
        m.press(.pageDown)
        body = Array(MenuView.render(m, rows: rows, columns: columns, unicode: true).lines[2..<(rows - 3)])
        #expect(body.first?.text == " line \(min(rows - 5, 100 - (rows - 5)) + 1)")
        #expect(body.last?.text == " line \(min(2 * (rows - 5), 100))")
    }

    @Test func aLargerTerminalShowsMoreOfAScrolledTextScreen() {
        // The log opens at its end on 80x24; on 200x60 the last page is the last 55 lines;
        // back on 80x24 the top line stays where it was.
        var m = Self.model(.log, rows: 24, columns: 80)
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).lines[2].text == " line 82")
        m.resize(rows: 60, columns: 200)
        let image = MenuView.render(m, rows: 60, columns: 200, unicode: true)
        #expect(image.lines[2].text == " line 46")
        #expect(image.lines[56].text == " line 100")
        m.resize(rows: 24, columns: 80)
        #expect(MenuView.render(m, rows: 24, columns: 80, unicode: true).lines[2].text == " line 46")
    }

    @Test func aSmallerTerminalKeepsTheEditCursorOnScreen() {
        var m = Fixture.model(ConfigMenu(entries: [Fixture.entry("Long", cmdline: String(repeating: "option=value ", count: 40))],
                                         defaultIndex: 0, timeout: nil))
        m.resize(rows: 60, columns: 200)
        m.press(.character("e"), .down, .down, .end)
        for (rows, columns) in [(60, 200), (24, 80), (6, 20)] {
            m.resize(rows: rows, columns: columns)
            let image = MenuView.render(m, rows: rows, columns: columns, unicode: true)
            let cursor = try! #require(image.cursor)
            #expect(cursor.row >= 2 && cursor.row < rows - 3, "\(columns)x\(rows)")
            #expect(cursor.column < columns)
        }
    }

    @Test func helpListsCtrlL() {
        let text = MenuView.render(Self.model(.help, rows: 60, columns: 200), rows: 60, columns: 200, unicode: true).text
        #expect(text.contains("   Ctrl-L                         repaint, the terminal size learned again"))
    }
}
