import LinuxSystem
import NetProtocols

/// Downloads a tftp://, http:// or https:// URL into a file descriptor — a memory file
/// (`FileDescriptor.memoryFile`) for kernels and initrds, never the initramfs tmpfs.
public enum Download {
    /// Fetches `urlText` into `sink` from offset 0 and returns the byte count; the file
    /// holds exactly the downloaded bytes afterwards.
    public static func fetch(_ urlText: String, into sink: FileDescriptor, options: TransferOptions) throws(TransferError) -> Int64 {
        guard let url = NetURL(urlText) else {
            throw TransferError(url: urlText, cause: .badResponse("not an absolute URL"))
        }
        let clock = TransferClock(options)
        do throws(TransferCause) {
            let size: Int64
            switch url.scheme {
            case "tftp": size = try TFTPClient(clock: clock).fetch(url, into: sink)
            case "http", "https": size = try HTTPClient(clock: clock).fetch(url, into: sink)
            default: throw TransferCause.unsupportedScheme(url.scheme)
            }
            do { try sink.truncate(to: size) } catch { throw TransferCause.system(error) }
            return size
        } catch {
            throw TransferError(url: urlText, cause: error)
        }
    }
}
