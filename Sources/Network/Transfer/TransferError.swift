import LinuxSystem
import NetProtocols

/// Why a download failed, without the URL.
public enum TransferCause: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed (connection refused, no route, a write to the memory file).
    case system(SystemError)
    /// No connection within the limit.
    case connectTimeout(seconds: Int)
    /// The server sent nothing for this long.
    case readTimeout(seconds: Int)
    /// The whole download took longer than the limit.
    case totalTimeout(seconds: Int)
    /// The cancel hook asked to stop.
    case cancelled
    /// The host is a name that DNS (or `--resolve`) gave no address for.
    case unresolved(ResolveError)
    /// The URL's scheme is not tftp, http or https.
    case unsupportedScheme(String)
    /// An HTTP status other than 200/206 (404, 500, ...).
    case httpStatus(Int, String)
    /// The response could not be parsed.
    case badResponse(String)
    /// Redirects went wrong (too many, no Location).
    case redirect(RedirectError)
    /// The connection ended before the body did, and resuming did not help.
    case truncated(received: Int64, expected: Int64?)
    /// The TFTP transfer failed (server error, timeout, bad options).
    case tftp(TFTPFailure)
    /// The server's certificate did not verify against the CA file.
    case certificateNotTrusted(caFile: String, reason: String)
    /// The CA file could not be read or holds no certificate.
    case caFile(path: String, reason: String)
    /// Another TLS failure (handshake, record).
    case tls(stage: String, reason: String)

    public var description: String {
        switch self {
        case .system(let e):
            if e.call == "connect" { return "connection to \(e.path ?? "?") failed: \(e.reason)" }
            return e.description
        case .connectTimeout(let s): return "connection timed out after \(s) s"
        case .readTimeout(let s): return "no data from the server for \(s) s (timeout)"
        case .totalTimeout(let s): return "download not finished within \(s) s (timeout)"
        case .cancelled: return "cancelled"
        case .unresolved(let e): return e.description
        case .unsupportedScheme(let s): return "unsupported scheme '\(s)' (tftp, http, https)"
        case .httpStatus(let code, let reason): return "HTTP \(code) \(reason)"
        case .badResponse(let s): return "bad response: \(s)"
        case .redirect(.tooMany(let n)): return "more than \(n) redirects"
        case .redirect(.badLocation(let l)): return "redirect without a usable Location (\(l ?? "none"))"
        case .redirect(.unsupportedScheme(let s)): return "redirect to unsupported scheme '\(s)'"
        case .truncated(let got, let want):
            return "connection closed after \(got) of \(want.map(String.init) ?? "?") bytes"
        case .tftp(.server(let code, let message)): return "TFTP error \(code): \(message)"
        case .tftp(.timedOut(let n)): return "TFTP server silent after \(n) retransmissions (timeout)"
        case .tftp(.badOptions): return "TFTP server answered with options not asked for"
        case .tftp(.unexpected(let s)): return "unexpected TFTP packet: \(s)"
        case .certificateNotTrusted(let ca, let reason):
            return "certificate not trusted by CA file \(ca): \(reason)"
        case .caFile(let path, let reason): return "CA file \(path): \(reason)"
        case .tls(let stage, let reason): return "TLS \(stage) failed: \(reason)"
        }
    }
}

/// A failed download: the URL and the cause.
public struct TransferError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The URL as asked for (not a redirect target).
    public var url: String
    /// Why it failed.
    public var cause: TransferCause

    public init(url: String, cause: TransferCause) {
        self.url = url
        self.cause = cause
    }

    public var description: String { "\(url): \(cause)" }
}
