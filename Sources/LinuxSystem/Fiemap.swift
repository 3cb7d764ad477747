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

extension FileDescriptor {
    /// The filesystem block size of the file. The corresponding C call is `ioctl(FIGETBSZ)`.
    public func fileBlockSize(path: String? = nil) throws(SystemError) -> Int {
        var size: Int32 = 0
        do { try control(2 /* FIGETBSZ */, &size, name: "ioctl(FIGETBSZ)") } catch {
            throw SystemError(call: error.call, path: path, errno: error.errno)
        }
        return Int(size)
    }

    /// The device block holding file block `block` (0 for a hole); needs CAP_SYS_RAWIO.
    /// For filesystems without FIEMAP (FAT). The corresponding C call is `ioctl(FIBMAP)`.
    public func deviceBlock(ofFileBlock block: Int, path: String? = nil) throws(SystemError) -> UInt64 {
        var value = Int32(block)
        do { try control(1 /* FIBMAP */, &value, name: "ioctl(FIBMAP)") } catch {
            throw SystemError(call: error.call, path: path, errno: error.errno)
        }
        return UInt64(UInt32(bitPattern: value))
    }

    /// The extents of the first `bytes` of the file built from FIBMAP, one per run of
    /// consecutive device blocks (holes flagged `unknown`).
    public func extentsByBlockMap(covering bytes: Int, path: String? = nil) throws(SystemError) -> [FileExtent] {
        let blockSize = try fileBlockSize(path: path)
        guard blockSize > 0 else { throw SystemError(call: "ioctl(FIGETBSZ)", path: path, errno: 22 /* EINVAL */) }
        var extents: [FileExtent] = []
        for block in 0..<((bytes + blockSize - 1) / blockSize) {
            let device = try deviceBlock(ofFileBlock: block, path: path)
            let size = UInt64(blockSize)
            if device != 0, var last = extents.last, !last.flags.contains(.unknown),
               last.physical + last.length == device * size {
                last.length += size
                extents[extents.count - 1] = last
            } else {
                extents.append(FileExtent(logical: UInt64(block) * size, physical: device * size, length: size,
                                          flags: device == 0 ? .unknown : []))
            }
        }
        return extents
    }
}
