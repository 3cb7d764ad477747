import BootConfig
@testable import BootMenu
import Testing

@Suite struct CountdownTests {
    @Test func runsFromTheConfigTimeout() {
        let m = Fixture.model(now: 1000)
        #expect(m.countdown == .running(deadline: 6000))
        #expect(m.countdown.secondsLeft(at: 1000) == 5)
        #expect(m.countdown.secondsLeft(at: 5500) == 1)
    }

    @Test func bootsTheDefaultWhenItExpires() {
        var m = Fixture.model(now: 0)
        #expect(m.handle(.tick(4999)).isEmpty)
        let effects = m.handle(.tick(5000))
        #expect(effects.first?.plan?.entry.title == "Debian GNU/Linux")
        #expect(effects.first?.reason == .timeout)
    }

    @Test func firesOnlyOnce() {
        var m = Fixture.model(now: 0)
        _ = m.handle(.tick(5000))
        #expect(m.handle(.tick(6000)).isEmpty)
    }

    @Test func anyKeyStopsIt() {
        var m = Fixture.model(now: 0)
        m.press(.character("z"))
        #expect(m.countdown == .stopped)
        #expect(m.handle(.tick(60_000)).isEmpty)
    }

    @Test func theStoppingKeyStillActs() {
        var m = Fixture.model(now: 0)
        m.press(.down)
        #expect(m.selectedTitle == "Advanced options")
    }

    @Test func noTimeoutWaitsForever() {
        var menu = Fixture.debianMenu
        menu.timeout = nil
        var m = Fixture.model(menu)
        #expect(m.countdown == .stopped)
        #expect(m.handle(.tick(1_000_000_000)).isEmpty)
        #expect(m.visible)
    }

    @Test func timeoutZeroBootsAtTheFirstTickWithNoMenuDrawn() {
        var menu = Fixture.debianMenu
        menu.timeout = 0
        var m = Fixture.model(menu, now: 100)
        #expect(!m.visible)
        #expect(m.handle(.tick(100)).first?.plan?.entry.title == "Debian GNU/Linux")
    }

    @Test func aKeyBeforeTimeoutZeroFiresShowsTheMenu() {
        var menu = Fixture.debianMenu
        menu.timeout = 0
        var m = Fixture.model(menu, now: 100)
        m.press(.enter)
        #expect(m.visible)
        #expect(m.handle(.tick(100)).isEmpty)
    }

    @Test func hiddenStyleHidesTheMenuWhileCounting() {
        var menu = Fixture.debianMenu
        menu.hiddenMenu = true
        let m = Fixture.model(menu)
        #expect(!m.visible)
    }

    @Test func hiddenMenuAppearsOnAnyKeyAndTheKeyDoesNothingElse() {
        var menu = Fixture.debianMenu
        menu.hiddenMenu = true
        var m = Fixture.model(menu)
        #expect(m.press(.enter).isEmpty)
        #expect(m.visible)
        #expect(m.countdown == .stopped)
        #expect(m.selectedTitle == "Debian GNU/Linux")
    }

    @Test func hiddenMenuStillBootsOnExpiry() {
        var menu = Fixture.debianMenu
        menu.hiddenMenu = true
        var m = Fixture.model(menu)
        #expect(m.handle(.tick(5000)).first?.reason == .timeout)
    }

    @Test func kernelTimeoutOverridesTheConfig() {
        let m = Fixture.model(options: MenuOptions(kernel: KernelOptions.parse("swiftboot.timeout=2")))
        #expect(m.countdown == .running(deadline: 2000))
    }

    @Test func kernelTimeoutMinusOneWaitsForever() {
        let m = Fixture.model(options: MenuOptions(kernel: KernelOptions.parse("quiet swiftboot.timeout=-1")))
        #expect(m.countdown == .stopped)
        #expect(m.timeout == nil)
    }

    @Test func kernelTimeoutZeroBootsAtOnce() {
        var m = Fixture.model(options: MenuOptions(kernel: KernelOptions.parse("swiftboot.timeout=0")))
        #expect(!m.visible)
        #expect(m.handle(.tick(0)).first?.reason == .timeout)
    }

    @Test func statusLineShowsTheCountdown() {
        var m = Fixture.model(now: 0)
        _ = m.handle(.tick(2500))
        #expect(MenuView.statusText(m) == "Booting 'Debian GNU/Linux' in 3s. Press any key to stop.")
    }

    @Test func noEntriesMeansNothingToCount() {
        var m = Fixture.model(ConfigMenu(timeout: 5))
        #expect(m.countdown == .pending)
        #expect(m.handle(.tick(10_000)).isEmpty)
    }
}
