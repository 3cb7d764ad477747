/// What the scan has found so far, for sources that step aside when another already
/// shows the same entries.
public struct ScanState: Sendable {
    /// Volumes whose BLS entries some menu already shows (GRUB `blscfg`).
    public var blsVolumesShown: Set<String> = []
    /// The menus found on the volume being scanned, by the sources before this one.
    public var foundOnVolume: [ConfigMenu] = []

    public init(blsVolumesShown: Set<String> = [], foundOnVolume: [ConfigMenu] = []) {
        self.blsVolumesShown = blsVolumesShown
        self.foundOnVolume = foundOnVolume
    }
}

/// A source of menus: one config format read from one tree (a local volume or a
/// network server seen through a `RemoteTree`).
///
/// The local formats (GRUB, syslinux, BLS, UKI) and the network ones (pxelinux) all
/// implement it, and `Scanner` runs them in passes.
public protocol MenuSource: Sendable {
    /// A short name for logs and docs (`grub`, `syslinux`, `pxelinux`...).
    var name: String { get }
    /// The menu this source finds on `volume`, or nil when it finds none (or another
    /// source already shows it, see `state`).
    func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu?
}
