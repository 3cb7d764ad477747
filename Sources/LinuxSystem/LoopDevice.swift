#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Loop devices: a file seen as a block device.
public enum LoopDevice {
    /// Attaches `file` to a free loop device and returns its node (`/dev/loop3`).
    ///
    /// - Parameters:
    ///   - file: The backing file (a disk image).
    ///   - readOnly: Bind read-only (`LO_FLAGS_READ_ONLY`); the file is opened read-only too.
    ///   - partitionScan: Let the kernel create `loopNpM` partition devices (`LO_FLAGS_PARTSCAN`).
    /// The corresponding C calls are `ioctl(LOOP_CTL_GET_FREE)` on /dev/loop-control and
    /// `ioctl(LOOP_CONFIGURE)` (or `LOOP_SET_FD` + `LOOP_SET_STATUS64` before Linux 5.8).
    ///   - offset: Where the device starts in the file, in bytes.
    ///   - size: How many bytes the device has; 0 = to the end of the file.
    public static func attach(_ file: String, readOnly: Bool = true, partitionScan: Bool = true,
                              offset: UInt64 = 0, size: UInt64 = 0) throws(SystemError) -> String {
        let backing = try FileDescriptor.open(file, readOnly ? .readOnly : .readWrite)
        defer { backing.close() }
        let control = try FileDescriptor.open("/dev/loop-control", .readWrite)
        defer { control.close() }
        var flags: UInt32 = 0
        if readOnly { flags |= clinux_lo_flags_read_only }
        if partitionScan { flags |= clinux_lo_flags_partscan }
        // Another process may take the free device between the two calls: try again.
        var lastError = SystemError(call: "ioctl(LOOP_CONFIGURE)", path: file, errno: EBUSY)
        for _ in 0..<8 {
            let number = try valueOrErrno(retryOnInterrupt: true) {
                clinux_loop_get_free(control.rawValue)
            }.get("ioctl(LOOP_CTL_GET_FREE)", "/dev/loop-control")
            let node = "/dev/loop\(number)"
            let loop = try FileDescriptor.open(node, readOnly ? .readOnly : .readWrite)
            defer { loop.close() }
            switch valueOrErrno(retryOnInterrupt: true, { clinux_loop_attach_range(loop.rawValue, backing.rawValue, flags, file, offset, size) }) {
            case .success: return node
            case .failure(let e) where e.code == EBUSY:
                lastError = SystemError(call: "ioctl(LOOP_CONFIGURE)", path: node, errno: e.code)
            case .failure(let e):
                throw SystemError(call: "ioctl(LOOP_CONFIGURE)", path: node, errno: e.code)
            }
        }
        throw lastError
    }

    /// Detaches the loop device `node`. The corresponding C call is `ioctl(LOOP_CLR_FD)`.
    public static func detach(_ node: String) throws(SystemError) {
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        _ = try valueOrErrno(retryOnInterrupt: true) { clinux_loop_detach(fd.rawValue) }.get("ioctl(LOOP_CLR_FD)", node)
    }
}
