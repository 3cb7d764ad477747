/// Locked LUKS volumes: a row each, the passphrase prompt, and the growing wait after a
/// wrong passphrase (1 s, 2 s, 4 s ... up to 32 s). The KDF and dm-crypt run in the host.
extension MenuModel {
    /// The wait after the first wrong passphrase (ms); each further one doubles it.
    static let firstUnlockDelay: Int64 = 1000
    /// At most 1 s << 5 = 32 s.
    static let maxUnlockDelayShift = 5

    /// Sets the locked volumes (after each scan). A prompt for a volume that went away (or
    /// was opened) closes.
    public mutating func setLockedVolumes(_ volumes: [LockedVolume]) {
        lockedVolumes = volumes
        if case .passphrase(var form) = screen, !volumes.contains(where: { $0.node == form.volume.node }) {
            form.clear()
            screen = .menu
        }
        let rows = rows(at: level)
        if let s = selection, rows.contains(s) { return }
        selection = rows.first
    }

    /// Seconds left before the next passphrase may be tried (0: none).
    public var unlockWaitSeconds: Int { loginWaitSeconds }

    mutating func passphraseKey(_ key: Key, _ form: PassphraseForm) -> [MenuEffect] {
        var form = form
        if key == .escape {
            form.clear()
            screen = .menu
            status = "Cancelled: \(form.volume.title) stays locked."
            return []
        }
        if unlockWaitSeconds > 0 { return [] }
        switch key {
        case .character(let c): form.type(c)
        case .backspace, .control("h"): form.erase()
        case .control("u"): form.clear()
        case .enter:
            guard form.length > 0 else { return [] }
            let typed = form.typed
            form.clear()
            screen = .passphrase(form)
            status = "Unlocking \(form.volume.title)..."
            return [.unlock(node: form.volume.node, passphrase: typed)]
        default: break
        }
        screen = .passphrase(form)
        return []
    }

    /// The host could not unlock the volume: the prompt stays, empty, and the next try
    /// waits (`why` is shown; a wrong passphrase counts towards the wait).
    public mutating func unlockFailed(_ why: String, wrongPassphrase: Bool) {
        guard case .passphrase(let form) = screen else { status = why; return }
        if wrongPassphrase {
            let delay = Self.firstUnlockDelay << Int64(min(failedUnlocks, Self.maxUnlockDelayShift))
            failedUnlocks += 1
            lockedUntil = now + delay
            status = "Wrong passphrase for \(form.volume.title) (\(failedUnlocks) so far)."
        } else {
            status = why
        }
    }

    /// The host opened the volume: back to the menu (the host rescans, so its entries come).
    public mutating func unlockSucceeded(_ node: String) {
        if case .passphrase(let form) = screen, form.volume.node == node { screen = .menu }
        lockedVolumes.removeAll { $0.node == node }
        if case .encrypted(node)? = selection { selection = rows(at: level).first }
    }
}
