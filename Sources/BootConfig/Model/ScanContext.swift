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
    /// The lease, when the configs come from a network server (GRUB's `$net_*`
    /// variables and `net_bootp`).
    public var netboot: NetbootClient?
    /// Fetches files from servers that configs name but `volumes` does not hold
    /// (GRUB `(http,server)/path`); nil: such paths do not resolve.
    public var fetcher: (any RemoteFileFetcher)?
    /// The ESP configs' `configfile` hand-overs, computed once per scan by
    /// `Scanner.scan` (nil: GRUB computes them where it needs them).
    var grubStubs: [GrubStub]?

    public init(volumes: [Volume], grubPlatform: String = "efi", architecture: String = "x64",
                loaderVariables: LoaderVariables? = nil, netboot: NetbootClient? = nil,
                fetcher: (any RemoteFileFetcher)? = nil) {
        self.volumes = volumes
        self.grubPlatform = grubPlatform
        self.architecture = architecture
        self.loaderVariables = loaderVariables
        self.netboot = netboot
        self.fetcher = fetcher
    }

    /// The volume with this name.
    public func volume(named name: String) -> Volume? {
        volumes.first { $0.name == name }
    }
}
