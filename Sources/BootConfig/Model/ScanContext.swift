/// Everything a config source may know while reading one filesystem's configs.
public struct ScanContext: Sendable {
    /// Every filesystem found, in discovery order (for GRUB `search` and `(dev)` paths).
    public var volumes: [Volume]
    /// GRUB's `grub_platform`: `efi` or `pc`.
    public var grubPlatform: String
    /// The machine architecture in BLS/UKI terms (`x64`, `aa64`, `ia32`, ...).
    public var architecture: String
    /// The Boot Loader Interface variables of the firmware; nil without EFI variables
    /// (BIOS machines, the host), and then BLS boots record nothing in them.
    public var loaderVariables: LoaderVariables?

    public init(volumes: [Volume], grubPlatform: String = "efi", architecture: String = "x64",
                loaderVariables: LoaderVariables? = nil) {
        self.volumes = volumes
        self.grubPlatform = grubPlatform
        self.architecture = architecture
        self.loaderVariables = loaderVariables
    }

    /// The volume with this name.
    public func volume(named name: String) -> Volume? {
        volumes.first { $0.name == name }
    }
}
