import BootConfig
import Devices
import LinuxSystem

/// Block devices and disk images given on the command line (probed, mounted read-only).
enum HostDevices {
    /// Every filesystem in `path` (see `HostImage.open`). On failure everything opened so
    /// far is released, since the caller then returns at once.
    static func open(_ path: String, index: Int) throws -> [Volume] {
        do {
            return try HostImage.open(path, index: index)
        } catch {
            HostImage.closeAll()
            throw error
        }
    }

    static func closeAll() { HostImage.closeAll() }
}
