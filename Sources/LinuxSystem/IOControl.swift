#if canImport(Glibc)
import Glibc
#endif
import CLinux

extension FileDescriptor {
    /// Sends a device request whose argument points at `argument`.
    /// The corresponding C function is `ioctl`.
    @discardableResult
    public func control<T>(_ request: UInt, _ argument: inout T, name: String = "ioctl",
                           retryOnInterrupt: Bool = true) throws(SystemError) -> Int32 {
        try withUnsafeMutablePointer(to: &argument) { p in
            valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
                clinux_ioctl_ptr(rawValue, UInt(request), UnsafeMutableRawPointer(p))
            }
        }.get(name)
    }

    /// Sends a device request whose argument is an integer.
    /// The corresponding C function is `ioctl`.
    @discardableResult
    public func control(_ request: UInt, value: UInt = 0, name: String = "ioctl",
                        retryOnInterrupt: Bool = true) throws(SystemError) -> Int32 {
        try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            clinux_ioctl_int(rawValue, request, value)
        }.get(name)
    }

    /// The size in bytes of a block device. The corresponding C call is `ioctl(BLKGETSIZE64)`.
    public func blockDeviceSize() throws(SystemError) -> UInt64 {
        var bytes: UInt64 = 0
        _ = try valueOrErrno(retryOnInterrupt: true) { clinux_block_size(rawValue, &bytes) }.get("ioctl(BLKGETSIZE64)")
        return bytes
    }

    /// Drops a block device's buffer cache. The corresponding C call is `ioctl(BLKFLSBUF)`.
    public func flushBlockDeviceBuffers() throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: true) { clinux_block_flush_buffers(rawValue) }.get("ioctl(BLKFLSBUF)")
    }
}
