import BootConfig
@testable import BootMenu
import Testing

/// The countdown while coldplug still loads drivers: entries show at once, the automatic
/// boot waits until the devices present at start are all there.
@Suite struct DevicesPendingTests {
    func pendingModel(_ menu: ConfigMenu = Fixture.debianMenu, options: MenuOptions = MenuOptions()) -> MenuModel {
        MenuModel(menu: menu, devices: Fixture.devices, options: options, now: 0, devicesPending: true)
    }

    @Test func entriesShowButTheCountdownWaits() {
        var m = pendingModel()
        #expect(m.countdown == .pending)
        #expect(m.entries.count == 5)
        #expect(m.handle(.tick(60_000)).isEmpty)
    }

    @Test func settlingStartsTheCountdownFromThen() {
        var m = pendingModel()
        _ = m.handle(.tick(4000))
        m.devicesSettled()
        #expect(m.countdown == .running(deadline: 9000))
        #expect(!m.devicesPending)
    }

    @Test func theDefaultCanArriveWhileDriversLoad() {
        var m = pendingModel(ConfigMenu(), options: MenuOptions(timeoutOverride: .some(0), defaultGlob: "Fedora*"))
        var partial = Fixture.debianMenu
        partial.entries.removeLast()
        m.update(menu: partial, devices: Fixture.devices)
        #expect(m.countdown == .pending)
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices)
        m.devicesSettled()
        let effects = m.handle(.tick(1))
        guard case .boot(let plan, .timeout)? = effects.first else {
            Issue.record("no automatic boot: \(effects)")
            return
        }
        #expect(plan.entry.title == "Fedora Linux 39")
    }

    @Test func aFinalDefaultBootsAZeroTimeoutBeforeDriversSettle() {
        var m = pendingModel(options: MenuOptions(timeoutOverride: .some(0)))
        #expect(m.handle(.tick(100)).isEmpty)
        m.defaultIsFinal()
        #expect(m.defaultFinal)
        let effects = m.handle(.tick(200))
        guard case .boot(let plan, .timeout)? = effects.first else {
            Issue.record("no automatic boot: \(effects)")
            return
        }
        #expect(plan.entry.title == "Debian GNU/Linux")
    }

    @Test func aFinalDefaultLeavesOtherTimeoutsWaiting() {
        var m = pendingModel()
        m.defaultIsFinal()
        #expect(!m.defaultFinal)
        #expect(m.countdown == .pending)
        var pressed = pendingModel(options: MenuOptions(timeoutOverride: .some(0)))
        pressed.press(.down)
        pressed.defaultIsFinal()
        #expect(pressed.handle(.tick(1)).isEmpty)
    }

    @Test func aKeyWhileDriversLoadStopsTheAutomaticBoot() {
        var m = pendingModel()
        m.press(.down)
        m.devicesSettled()
        #expect(m.countdown == .stopped)
    }

    @Test func aZeroTimeoutMenuStaysHiddenWhileDriversLoad() {
        var m = pendingModel(options: MenuOptions(timeoutOverride: .some(0)))
        #expect(!m.visible)
        m.devicesSettled()
        #expect(!m.visible)
        #expect(m.countdown == .running(deadline: 0))
    }

    @Test func aHiddenMenuWithNothingToBootShowsOnceSettled() {
        var m = pendingModel(ConfigMenu(), options: MenuOptions(timeoutOverride: .some(0)))
        #expect(!m.visible)
        m.devicesSettled()
        #expect(m.visible)
        #expect(m.countdown == .pending)
    }
}

@Suite struct DevicesPendingVisibilityTests {
    @Test func anEmptyFirstScanStaysHiddenUntilEntriesShowTheirStyle() {
        var m = MenuModel(menu: ConfigMenu(), devices: [], options: MenuOptions(), now: 0, devicesPending: true)
        #expect(!m.visible)
        var hidden = Fixture.debianMenu
        hidden.hiddenMenu = true
        m.update(menu: hidden, devices: Fixture.devices)
        #expect(!m.visible)
        m.update(menu: Fixture.debianMenu, devices: Fixture.devices)
        #expect(m.visible)
    }

    @Test func aKeyShowsTheMenuForGood() {
        var m = MenuModel(menu: ConfigMenu(), devices: [], options: MenuOptions(), now: 0, devicesPending: true)
        m.press(.down)
        #expect(m.visible)
        var hidden = Fixture.debianMenu
        hidden.hiddenMenu = true
        m.update(menu: hidden, devices: Fixture.devices)
        #expect(m.visible)
    }
}
