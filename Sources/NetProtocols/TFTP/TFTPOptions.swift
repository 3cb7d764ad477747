/// The transfer options swiftboot asks for and the values in force after the
/// server's answer: blksize (RFC 2348), tsize (RFC 2349), windowsize (RFC 7440).
public struct TFTPOptions: Equatable, Sendable {
    /// Bytes per DATA block (8...65464); 512 without negotiation.
    public var blockSize: Int
    /// Blocks sent before the receiver acknowledges (1...65535); 1 without negotiation.
    public var windowSize: Int
    /// The file size the server announced, if it did.
    public var transferSize: Int64?

    public init(blockSize: Int = 512, windowSize: Int = 1, transferSize: Int64? = nil) {
        self.blockSize = blockSize
        self.windowSize = windowSize
        self.transferSize = transferSize
    }

    /// RFC 1350's values, in force when the server answers with DATA instead of OACK.
    public static let plain = TFTPOptions()

    /// The options of an RRQ asking for `blockSize` and `windowSize`, and the size (tsize 0).
    public static func request(blockSize: Int, windowSize: Int) -> [(String, String)] {
        var o: [(String, String)] = [("tsize", "0")]
        if blockSize != 512 { o.append(("blksize", String(blockSize))) }
        if windowSize != 1 { o.append(("windowsize", String(windowSize))) }
        return o
    }

    /// The options in force from an OACK answering a request for `requested`; nil when
    /// the server answered with an option not asked for or a value larger than asked
    /// (RFC 2347: the client must then abort).
    public static func accepted(_ oack: [(String, String)], requested: TFTPOptions) -> TFTPOptions? {
        var o = TFTPOptions.plain
        for (rawName, value) in oack {
            switch rawName.lowercased() {
            case "blksize":
                guard let v = Int(value), v >= 8, v <= requested.blockSize else { return nil }
                o.blockSize = v
            case "windowsize":
                guard let v = Int(value), v >= 1, v <= requested.windowSize else { return nil }
                o.windowSize = v
            case "tsize":
                guard let v = Int64(value), v >= 0 else { return nil }
                o.transferSize = v
            default:
                return nil
            }
        }
        return o
    }
}
