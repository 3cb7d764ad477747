/// How far a download is: bytes so far, the total when known, and the time spent;
/// rate and ETA derive from them. Downloads report it through a callback; the menu
/// draws it, the CLI prints `line(width:)`.
public struct TransferProgress: Equatable, Sendable {
    /// Bytes received so far.
    public var bytes: Int64
    /// The full size, when the server said it.
    public var total: Int64?
    /// Seconds since the download started.
    public var elapsed: Double

    public init(bytes: Int64, total: Int64?, elapsed: Double) {
        self.bytes = bytes
        self.total = total
        self.elapsed = elapsed
    }

    /// Mean bytes per second so far; nil before any time has passed.
    public var rate: Double? {
        guard elapsed > 0 else { return nil }
        return Double(bytes) / elapsed
    }

    /// Seconds left at the mean rate; nil when the total or the rate is unknown.
    public var eta: Double? {
        guard let total, let rate, rate > 0 else { return nil }
        return Double(max(0, total - bytes)) / rate
    }

    /// The fraction done (0...1), nil without a total.
    public var fraction: Double? {
        guard let total else { return nil }
        if total <= 0 { return 1 }
        return min(1, Double(bytes) / Double(total))
    }

    /// One line of at most `width` columns: a bar when the total is known and room
    /// is left, then percent, bytes, rate and ETA, e.g.
    /// `[#####-----]  50%  100.0 MiB/200.0 MiB  25.0 MiB/s  ETA 0:04`.
    public func line(width: Int) -> String {
        var fields: [String] = []
        if let f = fraction { fields.append(pad(String(Int(f * 100)) + "%", 4)) }
        fields.append(total.map { TransferProgress.size(bytes) + "/" + TransferProgress.size($0) }
                      ?? TransferProgress.size(bytes))
        if let r = rate { fields.append(TransferProgress.size(Int64(r)) + "/s") }
        if let e = eta { fields.append("ETA " + TransferProgress.clock(e)) }
        var text = fields.joined(separator: "  ")
        // Drop fields from the right until the text fits.
        while text.count > width && fields.count > 1 {
            fields.removeLast()
            text = fields.joined(separator: "  ")
        }
        if text.count > width { return String(text.prefix(max(0, width))) }
        let room = width - text.count - 2
        if let f = fraction, room >= 7 {
            let inner = min(room - 2, 40)
            let filled = Int((f * Double(inner)).rounded(.down))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: inner - filled) + "]"
            return bar + "  " + text
        }
        return text
    }

    /// A byte count in binary units with one decimal ("512 B", "1.5 KiB", "200.0 MiB").
    public static func size(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var v = Double(n) / 1024
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }

    /// Seconds as `M:SS`, or `H:MM:SS` from an hour on.
    public static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        if s >= 3600 { return "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" }
        return "\(s / 60):\(two(s % 60))"
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
    }
}
