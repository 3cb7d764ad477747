/// Which block device names a device's driver can bring, from the device's modalias: the
/// kernel names disks by the subsystem that registers them (`sd`/`sr` for every SCSI-layer
/// disk and CD-ROM: AHCI, IDE, SAS, RAID HBAs, virtio-scsi, USB storage; `nvme` for NVMe;
/// `vd` for virtio-blk). Used to tell whether a driver still loading can bring a disk
/// that would come before another in volume order (`BlockDevices.ordered`).
public enum DiskFamily {
    /// The name prefixes of the disks this device's drivers may bring: `[]` when it brings
    /// none (a network card, a display, a bridge, a CPU feature), nil when unknown (any name).
    public static func prefixes(modalias: String) -> [String]? {
        if modalias.hasPrefix("cpu:") { return [] }
        // Every SCSI device's block device is an sd or sr disk; USB disks are SCSI (usb-storage, uas).
        if modalias.hasPrefix("scsi:") || modalias.hasPrefix("usb:") { return scsi }
        if modalias.hasPrefix("virtio:") { return virtio(modalias) }
        if modalias.hasPrefix("pci:") { return pci(modalias) }
        return nil
    }

    /// The prefixes of several devices together; nil when any is unknown.
    public static func prefixes(modaliases: [String]) -> [String]? {
        var all: [String] = []
        for alias in modaliases {
            guard let p = prefixes(modalias: alias) else { return nil }
            for name in p where !all.contains(name) { all.append(name) }
        }
        return all
    }

    /// Whether every block device name starting with `prefix` (letters only) comes after
    /// `name` in the natural order of `GrubDeviceNames.naturalOrder`: they first differ at a
    /// character where the prefix's is greater. When one starts with the other, a new name
    /// may fall on either side: false.
    public static func sortsAfter(prefix: String, name: String) -> Bool {
        for (p, n) in zip(prefix.unicodeScalars, name.unicodeScalars) where p != n {
            return p.properties.numericType == nil && p.value > n.value
        }
        return false
    }

    static let scsi = ["sd", "sr"]

    /// `pci:v…d…sv…sd…bcCCscSSiII`: mass storage (class 01) by subclass, USB host
    /// controllers (0c03) bring USB disks; classes that never bring a disk: none.
    static func pci(_ alias: String) -> [String]? {
        guard let bc = field(alias, after: "bc", length: 2), let sc = field(alias, after: "sc", length: 2) else { return nil }
        switch (bc.uppercased(), sc.uppercased()) {
        // SCSI, IDE, RAID, ATA, SATA, SAS host adapters: libata and the HBAs register SCSI hosts.
        case ("01", "00"), ("01", "01"), ("01", "04"), ("01", "05"), ("01", "06"), ("01", "07"): return scsi
        case ("01", "08"): return ["nvme"]
        case ("0C", "03"): return scsi
        // Network, display, multimedia, bridge, communication, input, processor,
        // wireless, encryption, signal processing controllers; SMBus.
        case ("02", _), ("03", _), ("04", _), ("06", _), ("07", _), ("09", _), ("0B", _), ("0D", _),
             ("10", _), ("11", _), ("0C", "05"):
            return []
        default:
            return nil
        }
    }

    /// `virtio:dDDDDDDDDvVVVVVVVV`: device 2 is virtio-blk, 8 virtio-scsi; network (1),
    /// console (3), entropy (4) and balloon (5) bring no disk.
    static func virtio(_ alias: String) -> [String]? {
        guard let d = field(alias, after: ":d", length: 8), let id = Int(d, radix: 16) else { return nil }
        switch id {
        case 2: return ["vd"]
        case 8: return scsi
        case 1, 3, 4, 5: return []
        default: return nil
        }
    }

    /// The `length` characters after the last `key` of a modalias (its fields come in a fixed order).
    static func field(_ alias: String, after key: String, length: Int) -> String? {
        let scalars = Array(alias.unicodeScalars), k = Array(key.unicodeScalars)
        guard scalars.count >= k.count + length else { return nil }
        var i = scalars.count - k.count - length
        while i >= 0 {
            if Array(scalars[i..<i + k.count]) == k {
                var out = ""
                out.unicodeScalars.append(contentsOf: scalars[(i + k.count)..<(i + k.count + length)])
                return out
            }
            i -= 1
        }
        return nil
    }
}
