import CLinux

/// Restarting, powering off, or jumping to a loaded kexec image.
public enum Reboot {
    /// What `reboot(2)` should do.
    public enum Command: Sendable {
        case powerOff
        case restart
        /// Boot the image loaded with kexec (nothing is synced, unmounted or stopped).
        case kexec

        var rawValue: UInt32 {
            switch self {
            case .powerOff: return clinux_reboot_cmd_power_off
            case .restart: return clinux_reboot_cmd_restart
            case .kexec: return clinux_reboot_cmd_kexec
            }
        }
    }

    /// Asks the kernel to reboot; returns only on failure.
    /// The corresponding C function is `reboot` (`LINUX_REBOOT_CMD_*`).
    public static func reboot(_ command: Command) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: true) { clinux_reboot(command.rawValue) }.get("reboot")
    }
}
