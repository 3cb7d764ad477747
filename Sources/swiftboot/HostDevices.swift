import BootConfig
import LinuxSystem

/// Block devices and disk images given on the command line (probed, mounted read-only).
enum HostDevices {
    static func open(_ path: String, index: Int) throws -> Volume {
        throw SystemError(call: "probe", path: path, errno: 95 /* EOPNOTSUPP until Devices lands */)
    }

    static func closeAll() {}
}
