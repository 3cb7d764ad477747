import CLinux

/// One extent of a file: where `length` bytes at `logical` in the file lie on the device.
public struct FileExtent: Sendable, Equatable {
    /// `FIEMAP_EXTENT_*` flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let last = Flags(rawValue: clinux_fiemap_extent_last)
        /// Location not known yet.
        public static let unknown = Flags(rawValue: clinux_fiemap_extent_unknown)
        /// Delayed allocation: no location yet.
        public static let delayedAllocation = Flags(rawValue: clinux_fiemap_extent_delalloc)
        /// Compressed or encrypted: the bytes on disk are not the file's bytes.
        public static let encoded = Flags(rawValue: clinux_fiemap_extent_encoded)
        /// Stored inside metadata (inode, tail packing).
        public static let dataInline = Flags(rawValue: clinux_fiemap_extent_data_inline)
        public static let notAligned = Flags(rawValue: clinux_fiemap_extent_not_aligned)
        /// Allocated but reads as zeros.
        public static let unwritten = Flags(rawValue: clinux_fiemap_extent_unwritten)
    }

    /// Offset in the file.
    public var logical: UInt64
    /// Offset on the filesystem's device (relative to the partition).
    public var physical: UInt64
    public var length: UInt64
    public var flags: Flags

    public init(logical: UInt64, physical: UInt64, length: UInt64, flags: Flags) {
        self.logical = logical
        self.physical = physical
        self.length = length
        self.flags = flags
    }
}

extension FileDescriptor {
    /// The file's extents (at most `limit`; more are reported as an E2BIG error).
    /// The corresponding C call is `ioctl(FS_IOC_FIEMAP)` with `FIEMAP_FLAG_SYNC`.
    public func extents(limit: Int = 32, path: String? = nil) throws(SystemError) -> [FileExtent] {
        var raw = [clinux_extent](repeating: clinux_extent(), count: limit)
        var count: UInt32 = 0
        _ = try valueOrErrno(retryOnInterrupt: true) {
            clinux_fiemap(rawValue, &raw, UInt32(limit), &count)
        }.get("ioctl(FS_IOC_FIEMAP)", path)
        if Int(count) > limit { throw SystemError(call: "ioctl(FS_IOC_FIEMAP)", path: path, errno: 7 /* E2BIG */) }
        return raw[..<Int(count)].map {
            FileExtent(logical: $0.logical, physical: $0.physical, length: $0.length, flags: .init(rawValue: $0.flags))
        }
    }
}
