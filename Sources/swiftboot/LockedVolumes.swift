import BootMenu
import Credentials
import Devices
import LinuxSystem
import TerminalUI

/// The menu's locked LUKS volumes and their unlocking (docs/storage.md, "LUKS"): runs in
/// the menu process, where the scans run; the mapping it creates is recorded for PID 1's
/// hand-off, which removes it.
enum LockedVolumes {
    /// The rows for the locked volumes of the last scan.
    static func rows(_ probes: ProbeMemory) -> [LockedVolume] {
        LUKSVolume.locked(probes).map { LockedVolume(node: $0.device.node, uuid: $0.probe.uuid ?? "", label: $0.probe.label,
                                                      size: $0.device.size) }
    }

    /// Unlocks the volume on `node` with `passphrase` (wiped here). True when it is mapped:
    /// the caller rescans.
    static func unlock(node: String, passphrase: [UInt8], session: MenuSession) -> Bool {
        let secret = SecretBytes(copying: passphrase)
        SecretBytes.wipeShared(passphrase)
        defer { secret.wipe() }
        guard let device = BlockDevices.list().first(where: { $0.node == node }) else {
            Log.error("luks: \(node) is gone")
            session.model.unlockFailed("\(node) is gone.", wrongPassphrase: false)
            return false
        }
        switch LUKSVolume.open(device, passphrase: secret) {
        case .success:
            session.model.unlockSucceeded(node)
            return true
        case .failure(.unlock(.wrongPassphrase)):
            session.model.unlockFailed("", wrongPassphrase: true)
            Log.info("luks: \(node): wrong passphrase; next try in \(session.model.unlockWaitSeconds) s")
            return false
        case .failure(let error):
            Log.error("luks: \(node): \(error)")
            session.model.unlockFailed("\(node): \(error)", wrongPassphrase: false)
            return false
        }
    }
}
