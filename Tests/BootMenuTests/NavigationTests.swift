import BootConfig
@testable import BootMenu
import Testing

@Suite struct NavigationTests {
    @Test func entriesAreGroupedUnderTheirDevice() {
        let m = Fixture.model()
        #expect(m.lines(at: .top) == [
            .device("/dev/vda1"),
            .row(.entry(m.keys[0])),
            .row(.submenu(volume: "/dev/vda1", path: ["Advanced options"])),
            .row(.entry(m.keys[3])),
            .device("/dev/vdb1"),
            .row(.entry(m.keys[4])),
        ])
    }

    @Test func theDefaultIsSelectedAtStart() {
        #expect(Fixture.model().selectedTitle == "Debian GNU/Linux")
    }

    @Test func downAndUpMoveOverRowsNotHeadings() {
        var m = Fixture.model()
        m.press(.down, .down, .down)
        #expect(m.selectedTitle == "Fedora Linux 39")
        m.press(.up)
        #expect(m.selectedTitle == "Memory test")
    }

    @Test func movingStopsAtTheEnds() {
        var m = Fixture.model()
        m.press(.up)
        #expect(m.selectedTitle == "Debian GNU/Linux")
        m.press(.end, .down)
        #expect(m.selectedTitle == "Fedora Linux 39")
    }

    @Test func homeAndEndJump() {
        var m = Fixture.model()
        m.press(.end)
        #expect(m.selectedTitle == "Fedora Linux 39")
        m.press(.home)
        #expect(m.selectedTitle == "Debian GNU/Linux")
    }

    @Test func pageDownMovesByAScreen() {
        let many = ConfigMenu(entries: (0..<40).map { Fixture.entry("Entry \($0)") }, defaultIndex: 0, timeout: nil)
        var m = Fixture.model(many)
        m.resize(rows: 15, columns: 80)
        m.press(.pageDown)
        #expect(m.selectedTitle == "Entry 10")
        m.press(.pageUp)
        #expect(m.selectedTitle == "Entry 0")
    }

    @Test func enterOnASubmenuOpensIt() {
        var m = Fixture.model()
        m.press(.down, .enter)
        #expect(m.level == MenuLevel(volume: "/dev/vda1", path: ["Advanced options"]))
        #expect(m.selectedTitle == "Debian 6.1 recovery")
    }

    @Test func rightOpensASubmenuToo() {
        var m = Fixture.model()
        m.press(.down, .right)
        #expect(m.level.path == ["Advanced options"])
    }

    @Test func escapeLeavesTheSubmenuWithItSelected() {
        var m = Fixture.model()
        m.press(.down, .enter, .down, .escape)
        #expect(m.level == .top)
        #expect(m.selectedTitle == "Advanced options")
    }

    @Test func leftLeavesTheSubmenu() {
        var m = Fixture.model()
        m.press(.down, .enter, .left)
        #expect(m.level == .top)
    }

    @Test func nestedSubmenusOpenLevelByLevel() {
        let menu = ConfigMenu(entries: [
            Fixture.entry("Top"),
            Fixture.entry("Deep", submenu: ["Outer", "Inner"]),
        ], defaultIndex: 0, timeout: nil)
        var m = Fixture.model(menu)
        m.press(.down, .enter)
        #expect(m.selectedTitle == "Inner")
        m.press(.enter)
        #expect(m.selectedTitle == "Deep")
        m.press(.escape)
        #expect(m.level.path == ["Outer"])
        #expect(m.selectedTitle == "Inner")
    }

    @Test func enterOnAnEntryBootsIt() {
        var m = Fixture.model()
        let effects = m.press(.end, .enter)
        #expect(effects.count == 1)
        #expect(effects.first?.plan?.entry.title == "Fedora Linux 39")
        #expect(effects.first?.reason == .selected)
    }

    @Test func enterInASubmenuBootsTheSubmenuEntry() {
        var m = Fixture.model()
        let effects = m.press(.down, .enter, .down, .enter)
        #expect(effects.first?.plan?.entry.title == "Debian 5.10")
    }

    @Test func hotkeyBootsItsEntry() {
        var m = Fixture.model()
        let effects = m.press(.character("m"))
        #expect(effects.first?.plan?.entry.title == "Memory test")
        #expect(effects.first?.reason == .hotkey)
        #expect(m.selectedTitle == "Memory test")
    }

    @Test func hotkeysIgnoreCase() {
        var m = Fixture.model()
        #expect(m.press(.character("M")).first?.plan?.entry.title == "Memory test")
    }

    @Test func commandKeysWinOverHotkeys() {
        let menu = ConfigMenu(entries: [Fixture.entry("Alpha"), Fixture.entry("Edit me", hotkey: "e")], defaultIndex: 0, timeout: nil)
        var m = Fixture.model(menu)
        let effects = m.press(.character("e"))
        #expect(effects.isEmpty)
        #expect(m.editForm != nil)
    }

    @Test func hotkeysOnlyReachTheCurrentLevel() {
        let menu = ConfigMenu(entries: [Fixture.entry("Top"), Fixture.entry("Hidden", submenu: ["Sub"], hotkey: "x")],
                              defaultIndex: 0, timeout: nil)
        var m = Fixture.model(menu)
        #expect(m.press(.character("x")).isEmpty)
        m.press(.down, .enter)
        #expect(m.press(.character("x")).first?.plan?.entry.title == "Hidden")
    }

    @Test func unknownKeysDoNothing() {
        var m = Fixture.model()
        #expect(m.press(.character("z"), .function(7), .insert).isEmpty)
        #expect(m.screen == .menu)
    }

    @Test func shellOnlyWhenAvailable() {
        var without = Fixture.model()
        #expect(without.press(.character("s")).isEmpty)
        var with = Fixture.model(options: MenuOptions(shellAvailable: true))
        #expect(with.press(.character("s")) == [.shell])
    }

    @Test func quitOnlyOnTheHost() {
        var pid1 = Fixture.model()
        #expect(pid1.press(.character("q")).isEmpty)
        var host = Fixture.model(options: MenuOptions(allowQuit: true))
        #expect(host.press(.character("q")) == [.quit])
    }

    @Test func rescanKeyAsksForARescan() {
        var m = Fixture.model()
        #expect(m.press(.character("r")) == [.rescan])
    }

    @Test func resetDevicesGloballyAddsItToEveryBoot() {
        var m = Fixture.model(options: MenuOptions(resetDevices: true))
        let plan = m.press(.enter).first?.plan
        #expect(plan?.cmdline == "root=/dev/vda2 ro reset_devices")
    }

    @Test func kexecMethodIsCarriedInThePlan() {
        var m = Fixture.model(options: MenuOptions(kexecMethod: .segments))
        #expect(m.press(.enter).first?.plan?.method == .segments)
    }
}
