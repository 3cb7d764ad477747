#if canImport(Glibc)
import Glibc
#endif

/// A TPM 2.0 character device: `/dev/tpmrm0` (the kernel's resource manager), else
/// `/dev/tpm0`. One command is one `write` of its bytes; the response is one `read`.
public struct TPMDevice: Sendable {
    /// The device node opened.
    public let path: String
    private let fd: FileDescriptor

    /// The nodes tried, in order.
    public static let candidates = ["/dev/tpmrm0", "/dev/tpm0"]

    /// The largest response read (TPM_BUFFER_MAX of the kernel's driver is 4096).
    static let responseLimit = 4096

    /// Opens the first device node that exists; nil when there is none (no TPM, or a
    /// kernel without its driver). Other errors (EBUSY: `/dev/tpm0` held by a daemon) throw.
    public static func open() throws(SystemError) -> TPMDevice? {
        for path in candidates {
            do {
                return TPMDevice(path: path, fd: try FileDescriptor.open(path, .readWrite))
            } catch where error.errno == ENOENT || error.errno == ENODEV || error.errno == ENXIO {
                continue
            }
        }
        return nil
    }

    /// Sends one marshalled command and returns the TPM's response bytes.
    public func transmit(_ command: [UInt8]) throws(SystemError) -> [UInt8] {
        do { try fd.writeAll(command) } catch { throw SystemError(call: "write", path: path, errno: error.errno) }
        do { return try fd.read(upTo: Self.responseLimit) } catch { throw SystemError(call: "read", path: path, errno: error.errno) }
    }

    /// Closes the device.
    public func close() { fd.close() }
}
