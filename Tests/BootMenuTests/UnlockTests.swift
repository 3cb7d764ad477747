import BootConfig
import Testing
@testable import BootMenu

/// Locked LUKS volumes in the menu: the row, the passphrase prompt, the growing wait.
struct UnlockTests {
    static let volume = LockedVolume(node: "/dev/vdc", uuid: "9544e0ac-8363-43bd-901c-9caa85fe183d", size: 64 << 20)

    static func model() -> MenuModel {
        var m = Fixture.model(options: MenuOptions(timeoutOverride: .some(nil)))
        m.setLockedVolumes([volume, LockedVolume(node: "/dev/vdd", uuid: "u2", label: "SECRET")])
        return m
    }

    static func text(_ m: MenuModel, rows: Int = 24, columns: Int = 80) -> String {
        MenuView.render(m, rows: rows, columns: columns, unicode: true).text
    }

    @Test func lockedVolumesAreRowsAfterTheEntries() {
        let m = Self.model()
        let rows = m.rows(at: .top)
        #expect(rows.suffix(2) == [.encrypted("/dev/vdc"), .encrypted("/dev/vdd")])
        let text = Self.text(m)
        #expect(text.contains("Encrypted: 9544e0ac-8363-43bd-901c-9caa85fe183d"))
        #expect(text.contains("Encrypted: SECRET"))
        #expect(m.selectedTitle == "Debian GNU/Linux")
    }

    @Test func passphraseIsAskedNeverShownAndHandedOver() {
        var m = Self.model()
        m.press(.end, .up)
        #expect(m.selection == .encrypted("/dev/vdc"))
        m.press(.enter)
        guard case .passphrase(let form) = m.screen else { Issue.record("no prompt: \(m.screen)"); return }
        #expect(form.volume == Self.volume)
        m.type("pässwörd")
        m.press(.backspace)
        let text = Self.text(m)
        #expect(text.contains("Unlock Encrypted: 9544e0ac"))
        #expect(text.contains("Passphrase: *******") && !text.contains("********"))
        #expect(!text.contains("pässwör"))
        m.type("x")
        let effects = m.press(.enter)
        #expect(effects == [.unlock(node: "/dev/vdc", passphrase: Array("pässwörx".utf8))])
        guard case .passphrase(let after) = m.screen else { Issue.record("prompt closed"); return }
        #expect(after.length == 0 && after.typed.isEmpty)
    }

    @Test func wrongPassphraseWaitsLongerEachTime() {
        var m = Self.model()
        m.press(.end, .up, .enter)
        m.type("bad")
        #expect(m.press(.enter).count == 1)
        m.unlockFailed("", wrongPassphrase: true)
        #expect(m.unlockWaitSeconds == 1)
        #expect(m.status?.contains("Wrong passphrase") == true)
        #expect(Self.text(m).contains("Wait 1 s before the next try."))
        // Keys during the wait are ignored.
        m.type("x")
        #expect(m.press(.enter).isEmpty)
        _ = m.handle(.tick(1000))
        m.type("bad")
        #expect(m.press(.enter).count == 1)
        m.unlockFailed("", wrongPassphrase: true)
        #expect(m.unlockWaitSeconds == 2)
        for i in 0..<6 {
            _ = m.handle(.tick(m.now + 40_000))
            m.type("bad\(i)")
            _ = m.press(.enter)
            m.unlockFailed("", wrongPassphrase: true)
        }
        #expect(m.unlockWaitSeconds == 32)
        // The menu is intact behind the prompt.
        m.press(.escape)
        #expect(m.screen == .menu)
        #expect(m.entries.count == 5)
        #expect(m.status?.contains("stays locked") == true)
    }

    @Test func unlockedVolumeLeavesTheMenuAndReturns() {
        var m = Self.model()
        m.press(.end, .up, .enter)
        m.type("right")
        _ = m.press(.enter)
        m.unlockSucceeded("/dev/vdc")
        #expect(m.screen == .menu)
        #expect(!m.rows(at: .top).contains(.encrypted("/dev/vdc")))
        #expect(m.rows(at: .top).contains(.encrypted("/dev/vdd")))
        // The volume going away closes its prompt.
        m.press(.end, .enter)
        m.setLockedVolumes([])
        #expect(m.screen == .menu)
        #expect(m.selection != nil)
    }

    @Test(arguments: [(24, 80), (10, 40)])
    func promptFitsTheTerminal(rows: Int, columns: Int) {
        var m = Self.model()
        m.press(.end, .enter)
        m.type("abc")
        let image = MenuView.render(m, rows: rows, columns: columns, unicode: false)
        #expect(image.text.contains("Passphrase: ***"))
        #expect(image.cursor != nil)
    }
}
