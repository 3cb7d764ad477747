import LinuxSystem

/// A block device the kernel lists in /sys/class/block.
public struct BlockDevice: Sendable, Equatable {
    /// Kernel name (`vda2`, `nvme0n1p1`, `loop0`).
    public var name: String
    /// The whole disk's kernel name when this is a partition.
    public var disk: String?
    /// Partition number from sysfs.
    public var partitionNumber: Int?
    /// Size in bytes.
    public var size: UInt64
    /// The partition table entry, for a partition seen through its own loop device (the
    /// kernel did not scan the table); its details replace what probing finds.
    public var entry: PartitionEntry?
    /// What tells this device from an earlier one of the same name: its `dev` number,
    /// size and the whole disk's `diskseq` (the kernel counts up on each media change),
    /// from sysfs; nil when sysfs lacks them (then it is probed on every scan).
    public var identity: String?

    public init(name: String, disk: String? = nil, partitionNumber: Int? = nil, size: UInt64,
                entry: PartitionEntry? = nil, identity: String? = nil) {
        self.name = name
        self.disk = disk
        self.partitionNumber = partitionNumber
        self.size = size
        self.entry = entry
        self.identity = identity
    }

    /// The device node.
    public var node: String { "/dev/" + name }

    /// The identity string of a device (`259:1 seq 3 size 4194304`).
    public static func identity(dev: String, diskseq: String, size: UInt64) -> String {
        "\(dev) seq \(diskseq) size \(size)"
    }

    /// Whether this is a virtual device with nothing on it (ram disks, zram, loop devices
    /// without a backing file) or an empty drive.
    public static func isIgnored(name: String, size: UInt64, loopBacking: String?) -> Bool {
        if size == 0 { return true }
        if name.hasPrefix("ram") || name.hasPrefix("zram") { return true }
        if name.hasPrefix("loop") && loopBacking == nil { return true }
        return false
    }
}

/// Reading /sys/class/block.
public enum BlockDevices {
    /// Every usable block device and partition, whole disks in natural name order, each
    /// followed by its partitions.
    public static func list(sysfs: String = "/sys") -> [BlockDevice] {
        let classDir = sysfs + "/class/block"
        guard let names = try? FileSystem.list(classDir) else { return [] }
        var devices: [BlockDevice] = []
        for name in names {
            let dir = classDir + "/" + name
            let sectors = (try? FileSystem.readText(dir + "/size")).flatMap { UInt64($0.trimmed) } ?? 0
            let number = (try? FileSystem.readText(dir + "/partition")).flatMap { Int($0.trimmed) }
            var disk: String?
            if number != nil, let link = FileSystem.readLink(dir) {
                // ../../devices/pci0000:00/.../block/vda/vda1: the parent directory is the disk.
                let parts = link.split(separator: "/")
                if parts.count >= 2 { disk = String(parts[parts.count - 2]) }
            }
            let wholeName = disk ?? name
            let backing = (try? FileSystem.readText(classDir + "/" + wholeName + "/loop/backing_file"))
                .map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            if BlockDevice.isIgnored(name: wholeName, size: sectors * 512, loopBacking: backing) { continue }
            var identity: String?
            if let dev = try? FileSystem.readText(dir + "/dev"),
               let seq = try? FileSystem.readText(classDir + "/" + wholeName + "/diskseq") {
                identity = BlockDevice.identity(dev: dev.trimmed, diskseq: seq.trimmed, size: sectors * 512)
            }
            devices.append(BlockDevice(name: name, disk: disk, partitionNumber: number, size: sectors * 512,
                                       identity: identity))
        }
        return ordered(devices)
    }

    /// Whole disks in natural order, each followed by its partitions by number.
    public static func ordered(_ devices: [BlockDevice]) -> [BlockDevice] {
        let disks = devices.filter { $0.disk == nil }.sorted { GrubDeviceNames.naturalOrder($0.name, $1.name) }
        var result: [BlockDevice] = []
        var placed = Set<String>()
        for disk in disks {
            result.append(disk)
            placed.insert(disk.name)
            let parts = devices.filter { $0.disk == disk.name }
                .sorted { ($0.partitionNumber ?? 0, $0.name) < ($1.partitionNumber ?? 0, $1.name) }
            result += parts
            parts.forEach { placed.insert($0.name) }
        }
        result += devices.filter { !placed.contains($0.name) }.sorted { GrubDeviceNames.naturalOrder($0.name, $1.name) }
        return result
    }
}

extension String {
    /// Without leading and trailing blanks and newlines.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !" \t\n\r".unicodeScalars.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !" \t\n\r".unicodeScalars.contains($0) })!
        return String(scalars[first...last])
    }
}
