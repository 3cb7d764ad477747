#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// Copies `count` bytes from `offset` of this file to `destination`'s position inside
    /// the kernel; returns the bytes copied (fewer at end of file).
    /// The corresponding C function is `sendfile`.
    public func sendFile(to destination: FileDescriptor, offset: Int64, count: Int,
                         retryOnInterrupt: Bool = true) throws(SystemError) -> Int {
        var off = off_t(offset)
        return try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            Glibc.sendfile(destination.rawValue, rawValue, &off, count)
        }.get("sendfile")
    }
}
