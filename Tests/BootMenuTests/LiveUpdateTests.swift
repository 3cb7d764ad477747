import BootConfig
@testable import BootMenu
import Testing

@Suite struct LiveUpdateTests {
    @Test func newEntriesAppearWithoutMovingTheSelection() {
        var m = Fixture.model()
        m.press(.end)   // Fedora
        var menu = Fixture.debianMenu
        menu.entries.insert(Fixture.entry("Arch Linux", volume: "/dev/vdb1"), at: 4)
        m.update(menu: menu, devices: Fixture.devices)
        #expect(m.entries.count == 6)
        #expect(m.selectedTitle == "Fedora Linux 39")
    }

    @Test func theCountdownKeepsItsDeadline() {
        var m = Fixture.model(now: 0)
        _ = m.handle(.tick(3000))
        var menu = Fixture.debianMenu
        menu.entries.append(Fixture.entry("New", volume: "/dev/vdc1"))
        menu.timeout = 30
        m.update(menu: menu, devices: Fixture.devices)
        #expect(m.countdown == .running(deadline: 5000))
    }

    @Test func aRemovedDevicesEntriesDisappear() {
        var m = Fixture.model()
        var menu = Fixture.debianMenu
        menu.entries.removeLast()
        m.update(menu: menu, devices: Array(Fixture.devices.prefix(1)))
        #expect(!m.entries.contains { $0.title == "Fedora Linux 39" })
        #expect(m.groups == ["/dev/vda1"])
    }

    @Test func selectionOnARemovedEntryMovesToTheNearestRow() {
        var m = Fixture.model()
        m.press(.end)
        var menu = Fixture.debianMenu
        menu.entries.removeLast()
        m.update(menu: menu, devices: Fixture.devices)
        #expect(m.selectedTitle == "Memory test")
    }

    @Test func entriesArrivingOnAnEmptyMenuStartTheCountdown() {
        var m = Fixture.model(ConfigMenu(), now: 0)
        #expect(m.countdown == .pending)
        _ = m.handle(.tick(7000))
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices)
        #expect(m.countdown == .running(deadline: 12000))
        #expect(m.selectedTitle == "Debian GNU/Linux")
    }

    @Test func aKeyOnAnEmptyMenuLeavesTheCountdownToStartWithTheEntries() {
        var m = Fixture.model(ConfigMenu(), now: 0)
        m.press(.down)
        #expect(m.countdown == .pending)
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices)
        #expect(m.countdown == .running(deadline: 5000))
    }

    @Test func aStoppedCountdownStaysStopped() {
        var m = Fixture.model()
        m.press(.down)
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices)
        #expect(m.countdown == .stopped)
    }

    @Test func anOpenSubmenuThatVanishesReturnsToTheTop() {
        var m = Fixture.model()
        m.press(.down, .enter)
        var menu = Fixture.debianMenu
        menu.entries.removeAll { !$0.submenu.isEmpty }
        menu.defaultIndex = 0
        m.update(menu: menu, devices: Fixture.devices)
        #expect(m.level == .top)
        #expect(m.selection != nil)
    }

    @Test func editingAnEntryWhoseDeviceWentAwayEnds() {
        var m = Fixture.model()
        m.press(.end, .character("e"))
        var menu = Fixture.debianMenu
        menu.entries.removeLast()
        m.update(menu: menu, devices: Fixture.devices)
        #expect(m.screen == .menu)
        #expect(m.status == "The entry's device went away.")
    }

    @Test func identicalEntriesKeepDistinctKeys() {
        let keys = EntryKey.keys(for: [Fixture.entry("Same"), Fixture.entry("Same")])
        #expect(keys[0] != keys[1])
    }
}
