import BootConfig
@testable import BootMenu
import Testing

@Suite struct LeaseTimesTests {
    static let group = "eth0 · 52:54:00:12:34:56 · tftp://10.0.0.1"

    @Test(arguments: [(0, "0 s"), (999, "0 s"), (42_000, "42 s"), (119_999, "119 s"), (125_000, "2 min 05 s"),
                      (3_600_000, "1 h 00 min"), (-5, "0 s")])
    func durations(milliseconds: Int64, text: String) {
        #expect(LeaseTimes.duration(milliseconds) == text)
    }

    @Test func aFreshLeaseWasNotRenewedAndCountsDownToItsEnd() {
        let l = LeaseTimes(name: "DHCPv4 10.0.0.5", obtainedAt: 1_000, endsAt: 121_000, renewsAt: 11_000)
        #expect(l.renewalText(now: 13_000) == "not yet (obtained 12 s ago)")
        #expect(l.timeLeftText(now: 6_000) == "115 s left, renewal in 5 s")
        #expect(l.timeLeftText(now: 11_000) == "110 s left, renewing")
        #expect(l.timeLeftText(now: 121_000) == "expired")
    }

    @Test func aRenewalRestartsTheClocksFromItsOwnTime() {
        let l = LeaseTimes(name: "DHCPv4 10.0.0.5", obtainedAt: 0, endsAt: 120_000, renewsAt: 10_000)
        let once = l.renewed(at: 10_500, seconds: 120, renewalSeconds: 10)
        #expect(once.renewals == 1)
        #expect(once.endsAt == 130_500)
        #expect(once.renewsAt == 20_500)
        #expect(once.renewalText(now: 14_500) == "once, last 4 s ago")
        let twice = once.renewed(at: 20_600, seconds: 120, renewalSeconds: 10)
        #expect(twice.renewalText(now: 20_600) == "2 times, last 0 s ago")
        #expect(twice.obtainedAt == 0)
    }

    @Test func anInfiniteLeaseHasNoTimeLeft() {
        let l = LeaseTimes(name: "DHCPv4 10.0.0.5", obtainedAt: 0)
        #expect(l.timeLeftText(now: 1_000_000) == "infinite")
        #expect(l.renewed(at: 5, seconds: nil, renewalSeconds: nil).endsAt == nil)
    }

    @Test func theDetailsScreenShowsRenewalAndTimeLeftOnTheMenuClock() {
        var menu = Fixture.debianMenu
        var e = Fixture.entry("Netboot", volume: Self.group)
        e.fs = "tftp://10.0.0.1"
        menu.entries.append(e)
        var d = MenuDevice(name: Self.group)
        d.notes = ["address 10.0.0.5/24 from 10.0.0.1"]
        d.leases = [LeaseTimes(name: "DHCPv4 10.0.0.5", obtainedAt: 0, renewedAt: 10_000, renewals: 1,
                               endsAt: 130_000, renewsAt: 20_000)]
        var m = Fixture.model(menu)
        m.update(menu: menu, devices: Fixture.devices + [d])
        _ = m.handle(.tick(15_000))
        var lines = TextScreens.details(e, model: m, width: 80)
        #expect(lines.contains { $0.hasPrefix("Renewed:") && $0.hasSuffix("once, last 5 s ago") })
        #expect(lines.contains { $0.hasPrefix("Time left:") && $0.hasSuffix("115 s left, renewal in 5 s") })
        _ = m.handle(.tick(25_000))
        lines = TextScreens.details(e, model: m, width: 80)
        #expect(lines.contains { $0.hasPrefix("Time left:") && $0.hasSuffix("105 s left, renewing") })
    }

    @Test func twoLeasesAreNamed() {
        var menu = Fixture.debianMenu
        var e = Fixture.entry("Netboot", volume: Self.group)
        e.fs = "tftp://10.0.0.1"
        menu.entries.append(e)
        var d = MenuDevice(name: Self.group)
        d.leases = [LeaseTimes(name: "DHCPv4 10.0.0.5", obtainedAt: 0, endsAt: 60_000),
                    LeaseTimes(name: "DHCPv6 fd77::150", obtainedAt: 0, endsAt: 90_000)]
        var m = Fixture.model(menu)
        m.update(menu: menu, devices: Fixture.devices + [d])
        let lines = TextScreens.details(e, model: m, width: 100)
        #expect(lines.contains { $0.hasPrefix("Time left:") && $0.contains("DHCPv6 fd77::150: ") })
    }
}
