import LinuxSystem

/// Where a grubenv file's bytes lie on its device, and whether writing them there in
/// place (as GRUB itself does) is safe.
public enum GrubEnvPlacement {
    /// Why an in-place write is refused.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notOneExtent(Int)
        case extentTooShort(UInt64)
        case notAtStart(UInt64)
        case unsafeExtent(FileExtent.Flags)
        case unsupportedFilesystem(String)
        case unsupportedDevice(String)

        public var description: String {
            switch self {
            case .notOneExtent(let n): return "the file has \(n) extents, not exactly one"
            case .extentTooShort(let n): return "its extent holds \(n) bytes, fewer than the block"
            case .notAtStart(let n): return "its extent starts at file offset \(n), not 0"
            case .unsafeExtent(let f): return "its extent is not plain data on disk (FIEMAP flags 0x\(String(f.rawValue, radix: 16)))"
            case .unsupportedFilesystem(let t): return "\(t) does not keep file data at a fixed device offset"
            case .unsupportedDevice(let d): return "\(d) is a device-mapper or md RAID device"
            }
        }
    }

    /// Flags that mean the extent's device bytes are not (yet) the file's bytes.
    static let unsafeFlags: FileExtent.Flags = [.unknown, .delayedAllocation, .encoded, .dataInline, .notAligned, .unwritten]

    /// The device offset of the block's first byte, when the file is one plain extent
    /// covering at least `size` bytes from offset 0.
    public static func deviceOffset(extents: [FileExtent], size: Int) -> Result<UInt64, Refusal> {
        guard extents.count == 1, let extent = extents.first else { return .failure(.notOneExtent(extents.count)) }
        if extent.logical != 0 { return .failure(.notAtStart(extent.logical)) }
        if extent.length < UInt64(size) { return .failure(.extentTooShort(extent.length)) }
        let bad = extent.flags.intersection(unsafeFlags)
        if !bad.isEmpty { return .failure(.unsafeExtent(bad)) }
        return .success(extent.physical)
    }

    /// Refuses filesystems and devices where a FIEMAP offset is not a place on the disk:
    /// btrfs (multi-device, checksummed, copy-on-write), device-mapper (LVM) and md RAID.
    public static func check(fsType: String?, kernelName: String, diskName: String?) -> Refusal? {
        if fsType == "btrfs" { return .unsupportedFilesystem("btrfs") }
        for name in [kernelName, diskName].compactMap({ $0 }) where name.hasPrefix("dm-") || name.hasPrefix("md") {
            return .unsupportedDevice(name)
        }
        return nil
    }
}
