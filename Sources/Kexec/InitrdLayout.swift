import BootConfig

/// How several initrds are concatenated into the one the next kernel gets: in order,
/// each padded with zeros to a multiple of 4 bytes (cpio archives concatenate; the
/// kernel skips the zero padding between them).
public enum InitrdLayout {
    public static let alignment = 4

    /// Offsets of each part in the concatenation and its total size.
    public static func offsets(sizes: [Int]) -> (offsets: [Int], total: Int) {
        var offsets: [Int] = []
        var at = 0
        for size in sizes {
            offsets.append(at)
            at += padded(size)
        }
        return (offsets, at)
    }

    /// `size` rounded up to the alignment.
    public static func padded(_ size: Int) -> Int { (size + alignment - 1) / alignment * alignment }
}

/// The kernel's limits on the command line.
public enum CommandLineLimit {
    /// x86_64 `kexec_file_load` keeps 30 bytes free for `elfcorehdr=` (bzImage64_load):
    /// the command line with its NUL must not exceed `cmdline_size - 30`.
    public static let x86FileLoadReserve = 30

    /// The longest command line, in bytes without the NUL, each method can pass to a
    /// kernel whose setup header allows `cmdlineSize` (nil: no known limit).
    public static func maximum(cmdlineSize: UInt32?, method: KexecMethod) -> Int? {
        guard let size = cmdlineSize.map(Int.init) else { return nil }
        switch method {
        case .file: return size - x86FileLoadReserve - 1
        case .segments: return size
        }
    }
}
