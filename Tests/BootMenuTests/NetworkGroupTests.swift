import BootConfig
@testable import BootMenu
import Testing

@Suite struct NetworkGroupTests {
    static let group = "eth0 · 52:54:00:12:34:56 · tftp://10.0.0.1"

    @Test func aGroupWithANoticeShowsWithoutEntries() {
        var m = Fixture.model()
        var failed = MenuDevice(name: "eth0 · 52:54:00:12:34:56")
        failed.notice = "error: eth0: DHCPv4: no offer in 10 s"
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices + [failed])
        let lines = m.lines(at: .top)
        #expect(lines.suffix(2) == [.device("eth0 · 52:54:00:12:34:56"), .notice("error: eth0: DHCPv4: no offer in 10 s")])
        let screen = MenuView.render(m, rows: 24, columns: 80, unicode: true).text
        #expect(screen.contains("error: eth0: DHCPv4: no offer in 10 s"))
    }

    @Test func theDetailsScreenShowsTheLease() {
        var menu = Fixture.debianMenu
        var e = Fixture.entry("Netboot", volume: Self.group)
        e.fs = "tftp://10.0.0.1"
        menu.entries.append(e)
        var d = MenuDevice(name: Self.group)
        d.notes = ["address 10.0.0.5/24 from 10.0.0.1"]
        let m = Fixture.model(menu)
        var withLease = m
        withLease.update(menu: menu, devices: Fixture.devices + [d])
        let lines = TextScreens.details(e, model: withLease, width: 80)
        #expect(lines.contains { $0.hasPrefix("Lease:") && $0.contains("10.0.0.5/24") })
    }

    @Test func aHeldCountdownStartsOnlyWhenReleased() {
        var m = MenuModel(menu: Fixture.debianMenu, devices: Fixture.devices,
                          options: MenuOptions(kernel: KernelOptions.parse("swiftboot.timeout=0")), now: 0, countdownHeld: true)
        #expect(m.countdown == .pending)
        #expect(m.handle(.tick(1000)).isEmpty)
        m.releaseCountdown()
        #expect(m.countdown == .running(deadline: 1000))
        #expect(!m.handle(.tick(1000)).isEmpty)
    }

    @Test func selectDefaultMovesTheSelectionAndTheDefault() {
        var m = Fixture.model()
        m.press(.end)
        let first = m.keys[0]
        m.selectDefault(first)
        #expect(m.defaultKey == first)
        #expect(m.selection == .entry(first))
    }
}
