import BootConfig

/// Settings that shape the menu beyond what the configs say.
public struct MenuOptions: Sendable, Equatable {
    /// Overrides every config's timeout when set: `.some(nil)` waits forever
    /// (`swiftboot.timeout=-1`), `.some(0)` boots at once.
    public var timeoutOverride: Int??
    /// `swiftboot.default=GLOB`: the first entry whose title or id matches is the default.
    public var defaultGlob: String?
    /// `swiftboot.reset_devices`: every boot adds `reset_devices` (the edit screen can untick it).
    public var resetDevices: Bool
    /// `swiftboot.kexec=`: the method every plan carries.
    public var kexecMethod: KexecMethod?
    /// Whether `s` opens a shell (only when one is in the initramfs).
    public var shellAvailable: Bool
    /// Whether `q` leaves the menu (the host's `menu` command; never as PID 1's child).
    public var allowQuit: Bool
    /// swiftboot's locked-down policy (its password, `edit`, `shell`); `.open` by default.
    public var policy: BootPolicy = .open

    public init(timeoutOverride: Int?? = nil, defaultGlob: String? = nil, resetDevices: Bool = false,
                kexecMethod: KexecMethod? = nil, shellAvailable: Bool = false, allowQuit: Bool = false,
                policy: BootPolicy = .open) {
        self.policy = policy
        self.timeoutOverride = timeoutOverride
        self.defaultGlob = defaultGlob
        self.resetDevices = resetDevices
        self.kexecMethod = kexecMethod
        self.shellAvailable = shellAvailable
        self.allowQuit = allowQuit
    }

    /// The options the payload kernel's command line gives (`swiftboot.timeout` with -1
    /// meaning wait forever, `swiftboot.default`, `swiftboot.reset_devices`, `swiftboot.kexec`).
    public init(kernel: KernelOptions, shellAvailable: Bool = false, allowQuit: Bool = false) {
        self.init(defaultGlob: kernel.defaultGlob, resetDevices: kernel.resetDevices,
                  kexecMethod: kernel.kexecMethod, shellAvailable: shellAvailable, allowQuit: allowQuit)
        if let t = kernel.timeout { timeoutOverride = .some(t < 0 ? nil : t) }
    }
}
