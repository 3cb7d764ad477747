import BootConfig

/// A device (filesystem) as the menu shows it above its entries.
public struct MenuDevice: Sendable, Equatable {
    /// The volume name entries refer to (`BootEntry.configVolume` / `fs`).
    public var name: String
    public var label: String?
    /// The disk's model (from sysfs), when known.
    public var model: String?
    public var fsType: String?
    public var uuid: String?
    public var partUUID: String?
    /// Size in bytes, when known.
    public var size: UInt64?
    /// What the details screen lists about the source besides its identity (a network
    /// group's lease: `Address 10.0.0.5/24`...).
    public var notes: [String] = []
    /// A network group's leases with their times, shown as time left on the details screen.
    public var leases: [LeaseTimes] = []
    /// A line shown under the heading in place of entries: a network group being fetched
    /// or its failure (`eth0: no DHCP answer in 10 s`).
    public var notice: String?

    public init(name: String, label: String? = nil, model: String? = nil, fsType: String? = nil,
                uuid: String? = nil, partUUID: String? = nil, size: UInt64? = nil) {
        self.name = name
        self.label = label
        self.model = model
        self.fsType = fsType
        self.uuid = uuid
        self.partUUID = partUUID
        self.size = size
    }

    /// The identity of `volume`, with the model and size only the system layer knows.
    public init(volume: Volume, model: String? = nil, size: UInt64? = nil) {
        self.init(name: volume.name, label: volume.label, model: model, fsType: volume.fsType,
                  uuid: volume.uuid, partUUID: volume.partUUID, size: size)
    }

    /// `/dev/vda2  DEBIAN  ext4  20.0 GiB`: name, label (or model), filesystem, size.
    public var heading: String {
        var parts = [name]
        if let l = label ?? model, !l.isEmpty { parts.append(l) }
        if let t = fsType, !t.isEmpty { parts.append(t) }
        if let s = size { parts.append(Self.formatSize(s)) }
        return parts.joined(separator: "  ")
    }

    /// Binary units, one decimal below 10 (`512 MiB`, `1.5 GiB`, `20 GiB`).
    public static func formatSize(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var unit = 0
        var scaled = bytes
        var tenths: UInt64 = 0
        while scaled >= 1024 && unit < units.count - 1 {
            tenths = (scaled % 1024) * 10 / 1024
            scaled /= 1024
            unit += 1
        }
        if unit > 0 && scaled < 10 { return "\(scaled).\(tenths) \(units[unit])" }
        return "\(scaled) \(units[unit])"
    }
}
