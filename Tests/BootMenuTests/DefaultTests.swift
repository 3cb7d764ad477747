import BootConfig
@testable import BootMenu
import Testing

@Suite struct DefaultTests {
    @Test func configDefaultIsUsed() {
        var menu = Fixture.debianMenu
        menu.defaultIndex = 4
        #expect(Fixture.model(menu).defaultKey?.title == "Fedora Linux 39")
    }

    @Test func kernelDefaultGlobMatchesTitles() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "Fedora*"))
        #expect(m.defaultKey?.title == "Fedora Linux 39")
        #expect(m.selectedTitle == "Fedora Linux 39")
    }

    @Test func kernelDefaultGlobMatchesIds() {
        let m = Fixture.model(options: MenuOptions(kernel: KernelOptions.parse("swiftboot.default=gnulinux-5.*")))
        #expect(m.defaultKey?.title == "Debian 5.10")
    }

    @Test func aDefaultInsideASubmenuSelectsTheSubmenuRow() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "gnulinux-5.10"))
        #expect(m.selectedTitle == "Advanced options")
    }

    @Test func unmatchedGlobFallsBackToTheConfigDefault() {
        let m = Fixture.model(options: MenuOptions(defaultGlob: "windows*"))
        #expect(m.defaultKey?.title == "Debian GNU/Linux")
    }

    @Test func timeoutBootsTheGlobDefault() {
        var m = Fixture.model(options: MenuOptions(defaultGlob: "memtest"))
        #expect(m.handle(.tick(5000)).first?.plan?.entry.title == "Memory test")
    }

    @Test func theDefaultIsMarkedOnScreen() {
        let m = Fixture.model()
        let text = MenuView.render(m, rows: 24, columns: 80, unicode: true).text
        #expect(text.contains("* Debian GNU/Linux"))
        #expect(text.contains("    Memory test"))
    }
}

/// GRUB `fallback` in the menu: only an automatic boot falls back.
@Suite("Fallback")
struct FallbackTests {
    static var menu: ConfigMenu {
        var m = Fixture.debianMenu
        m.fallbackIndices = [3, 4]
        return m
    }

    @Test func failedCountdownBootTriesEachFallbackInTurn() {
        var model = Fixture.model(Self.menu)
        var effects = model.handle(.tick(5_000))
        #expect(effects.map(\.reason) == [.timeout])
        #expect(effects.first?.plan?.entry.title == "Debian GNU/Linux")
        model.bootFailed("cannot open /boot/vmlinuz: No such file or directory.")
        #expect(model.status == "cannot open /boot/vmlinuz: No such file or directory. Falling back to 'Memory test'.")
        effects = model.handle(.tick(5_100))
        #expect(effects.map(\.reason) == [.fallback])
        #expect(effects.first?.plan?.entry.title == "Memory test")
        model.bootFailed("bad kernel")
        effects = model.handle(.tick(5_200))
        #expect(effects.first?.plan?.entry.title == "Fedora Linux 39")
        #expect(effects.map(\.reason) == [.fallback])
        // All tried: the menu stays, showing the last error.
        model.bootFailed("bad again")
        #expect(model.status == "bad again")
        #expect(model.handle(.tick(5_300)) == [])
        #expect(model.visible)
    }

    @Test func aSelectedEntryThatFailsDoesNotFallBack() {
        var model = Fixture.model(Self.menu)
        let effects = model.press(.enter)
        #expect(effects.map(\.reason) == [.selected])
        model.bootFailed("failed")
        #expect(model.status == "failed")
        #expect(model.handle(.tick(60_000)) == [])
    }

    @Test func aKeyDuringTheFallbackStopsIt() {
        var model = Fixture.model(Self.menu)
        _ = model.handle(.tick(5_000))
        model.bootFailed("failed")
        _ = model.press(.down)
        #expect(model.handle(.tick(5_100)) == [])
    }

    @Test func noFallbacksMeansTheMenuStays() {
        var model = Fixture.model()
        _ = model.handle(.tick(5_000))
        model.bootFailed("failed")
        #expect(model.status == "failed")
        #expect(model.handle(.tick(5_100)) == [])
    }
}

@Suite struct FailedHandOffTests {
    @Test func aFailureReportedAtStartStopsTheCountdown() {
        var model = Fixture.model(options: MenuOptions(timeoutOverride: .some(0)))
        #expect(!model.visible)
        model.bootFailed("The hand-off to the new kernel failed.")
        #expect(model.visible)
        #expect(model.countdown == .stopped)
        #expect(model.handle(.tick(10_000)) == [])
        #expect(model.status == "The hand-off to the new kernel failed.")
    }
}
