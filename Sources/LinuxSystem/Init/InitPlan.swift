import BootConfig

/// What PID 1 sets up, as printable steps (see `InitStep`).
public enum InitPlan {
    /// Where swiftboot keeps its run-time state (log, mounts, last error).
    public static let stateDirectory = "/run/swiftboot"
    /// Where discovered filesystems are mounted, one directory per kernel device name.
    public static let mountDirectory = "/run/swiftboot/mnt"

    /// The filesystems and console, before the kernel command line can be read.
    public static func baseSystem() -> [any InitStep] {
        let hardened: MountFlags = [.noSetUID, .noDevices, .noExecute]
        return [
            MountFilesystem("proc", on: "/proc", type: "proc", flags: hardened),
            MountFilesystem("sysfs", on: "/sys", type: "sysfs", flags: hardened),
            // /sys/kernel/security/lockdown: whether kexec_load is refused (see Kexec's Lockdown).
            MountFilesystem("securityfs", on: "/sys/kernel/security", type: "securityfs", flags: hardened),
            MountFilesystem("devtmpfs", on: "/dev", type: "devtmpfs", flags: [.noSetUID], options: "mode=0755"),
            OpenConsole("/dev/console"),
            MountFilesystem("devpts", on: "/dev/pts", type: "devpts", flags: [.noSetUID, .noExecute],
                            options: "gid=5,mode=0620,ptmxmode=0666"),
            MakeSymbolicLink("/dev/fd", to: "/proc/self/fd"),
            MountFilesystem("tmpfs", on: "/run", type: "tmpfs", flags: [.noSetUID, .noDevices], options: "mode=0755"),
            MountFilesystem("tmpfs", on: "/tmp", type: "tmpfs", flags: [.noSetUID, .noDevices], options: "mode=1777"),
            MakeDirectory(mountDirectory),
        ]
    }

    /// Settings that depend on the `swiftboot.*` options of the kernel command line.
    public static func configuration(_ options: KernelOptions) -> [any InitStep] {
        [
            // Console loglevel: kernel chatter would scribble over the menu; with
            // swiftboot.debug let errors (level 3) through too.
            WriteSetting("/proc/sys/kernel/printk", options.debug ? "4 4 1 7" : "3 4 1 7"),
            // /dev/kmsg writes are rate-limited by default (10 lines per 5 s): swiftboot's
            // log would lose lines in dmesg.
            WriteSetting("/proc/sys/kernel/printk_devkmsg", "on"),
            SetEnvironment("TERM", terminalType(options)),
            SetEnvironment("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
            SetEnvironment("HOME", "/"),
        ]
    }

    /// efivarfs, for the Boot Loader Interface variables: mounted only when the firmware
    /// is EFI (/sys/firmware/efi exists), after its module is loaded.
    public static let efiVariables = MountFilesystem(
        "efivarfs", on: EFIVariableStore.mountPoint, type: "efivarfs", flags: [.noSetUID, .noDevices, .noExecute])

    /// The whole plan, for printing.
    public static func steps(_ options: KernelOptions) -> [any InitStep] {
        baseSystem() + configuration(options) + [efiVariables]
    }

    /// The terminal type for children: `TERM=` from the command line, else `vt220` when
    /// the console (the last `console=`) is a serial line, else `linux` (a VT).
    public static func terminalType(_ options: KernelOptions) -> String {
        if let term = options.term, !term.isEmpty { return term }
        guard let console = options.consoles.last else { return "linux" }
        let name = console.split(separator: ",").first.map(String.init) ?? console
        return name.hasPrefix("tty") && !name.hasPrefix("ttyS") && !name.hasPrefix("ttyAMA")
            && !name.hasPrefix("ttyUSB") && !name.hasPrefix("ttyACM") ? "linux" : "vt220"
    }
}
