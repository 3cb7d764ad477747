#if canImport(Glibc)
import Glibc
#endif
import NetProtocols

/// Limits and hooks of one download.
public struct TransferOptions {
    /// Seconds to wait for a TCP connection.
    public var connectTimeout: Int = 10
    /// Seconds without data before the connection counts as dead (HTTP) or a packet is
    /// retransmitted (TFTP: per retransmission).
    public var readTimeout: Int = 10
    /// Seconds the whole download may take, retries and resumes included.
    public var totalTimeout: Int = 600
    /// How many times an HTTP download resumes after a dropped connection.
    public var resumeLimit: Int = 5
    /// Redirects followed.
    public var redirectLimit: Int = 10
    /// The CA bundle that verifies HTTPS servers.
    public var caFile: String = TransferOptions.defaultCAFile
    /// Addresses for host names (`--resolve NAME=ADDR`); numeric hosts need none.
    public var hosts: [String: String] = [:]
    /// The DNS resolver for other host names; nil: names need `hosts`.
    public var resolver: Resolver?
    /// TFTP block size asked for (RFC 2348); 1468 fits a 1500-byte MTU.
    public var tftpBlockSize: Int = 1468
    /// TFTP window size asked for (RFC 7440).
    public var tftpWindowSize: Int = 8
    /// Called with the progress after each read (at most about ten times a second).
    public var progress: ((TransferProgress) -> Void)?
    /// Checked between reads; true stops the download with `cancelled`.
    public var isCancelled: () -> Bool = { false }

    /// The CA bundle used when none is given: Debian's, in the initramfs if present.
    public static let defaultCAFile = "/etc/ssl/certs/ca-certificates.crt"

    public init() {}
}

/// Monotonic seconds. The corresponding C function is `clock_gettime(CLOCK_MONOTONIC)`.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Tracks time limits and throttles progress reports for one download.
final class TransferClock {
    let start = monotonicSeconds()
    let options: TransferOptions
    private var lastReport = -1.0

    init(_ options: TransferOptions) { self.options = options }

    var elapsed: Double { monotonicSeconds() - start }

    /// Milliseconds left of the total limit, at most `cap` seconds.
    func remainingMs(cap seconds: Int) -> Int {
        let left = Double(options.totalTimeout) - elapsed
        return max(0, min(seconds * 1000, Int(left * 1000)))
    }

    /// Throws when the total limit passed or the download was cancelled.
    func check() throws(TransferCause) {
        if options.isCancelled() { throw .cancelled }
        if elapsed >= Double(options.totalTimeout) { throw .totalTimeout(seconds: options.totalTimeout) }
    }

    /// Waits `milliseconds`, checking the cancel hook and the total limit every 250 ms.
    func pause(milliseconds: Int) throws(TransferCause) {
        let end = monotonicSeconds() + Double(milliseconds) / 1000
        while true {
            try check()
            let left = end - monotonicSeconds()
            if left <= 0 { return }
            var ts = timespec(tv_sec: 0, tv_nsec: Int(min(left, 0.25) * 1e9))
            nanosleep(&ts, nil)
        }
    }

    /// Reports progress now and then, and always when `final`.
    func report(bytes: Int64, total: Int64?, final: Bool = false) {
        guard let progress = options.progress else { return }
        let now = elapsed
        if final || now - lastReport >= 0.1 {
            lastReport = now
            progress(TransferProgress(bytes: bytes, total: total, elapsed: now))
        }
    }

    /// The address to connect to for `url`.
    func address(of url: NetURL) throws(TransferCause) -> SocketAddress {
        let port = url.effectivePort ?? 0
        if let a = SocketAddress(numeric: url.host, port: port) { return a }
        if let mapped = options.hosts[url.host.lowercased()], let a = SocketAddress(numeric: mapped, port: port) {
            return a
        }
        guard let resolver = options.resolver else {
            throw .unresolved(ResolveError(host: url.host, servers: [], reason: .noServers))
        }
        do {
            let found = try resolver.resolve(url.host, timeoutMs: remainingMs(cap: options.connectTimeout))
            return SocketAddress(address: found[0], port: port)
        } catch {
            try check()
            throw .unresolved(error)
        }
    }
}
