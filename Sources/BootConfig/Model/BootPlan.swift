/// How the kernel is to be loaded by kexec.
public enum KexecMethod: String, Sendable, Equatable {
    /// `kexec_file_load`: the running kernel parses and places the image.
    case file
    /// `kexec_load` with segments built by swiftboot (x86_64 bzImage).
    case segments
}

/// What will be booted: an entry, possibly edited for this boot only.
public struct BootPlan: Sendable, Equatable {
    /// The entry as the menu showed it.
    public var entry: BootEntry
    /// Kernel path inside `entry.fs` (the edit screen may change it).
    public var kernel: String
    /// Initrd paths inside `entry.fs`, in load order.
    public var initrds: [String]
    /// The command line the next kernel gets.
    public var cmdline: String
    /// nil: `file`, falling back to `segments` where the kernel lacks kexec_file_load.
    public var method: KexecMethod?

    public init(entry: BootEntry, kernel: String? = nil, initrds: [String]? = nil,
                cmdline: String? = nil, method: KexecMethod? = nil) {
        self.entry = entry
        self.kernel = kernel ?? entry.kernel
        self.initrds = initrds ?? entry.initrds
        self.cmdline = cmdline ?? entry.cmdline
        self.method = method
    }

    /// Adds `reset_devices` to the command line unless it is already there.
    public mutating func addResetDevices() {
        let words = cmdline.split(separator: " ")
        if !words.contains("reset_devices") {
            cmdline = cmdline.isEmpty ? "reset_devices" : cmdline + " reset_devices"
        }
    }

    /// The one-line dry-run form: `kexec: kernel=… initrds=… cmdline=…`.
    public var summary: String {
        "kexec: kernel=\(entry.fs):\(kernel) initrds=\(initrds.map { "\(entry.fs):\($0)" }.joined(separator: ",")) cmdline=\(cmdline)"
    }
}
