/// The lines the coldplug process writes to the menu on its pipe: which disk names the
/// drivers still loading may bring (`DiskFamily`), so a zero timeout need not wait for
/// drivers that cannot change the default. One line per change: `pending sd sr`,
/// `pending ?` (a driver of an unknown kind), `pending` (none that brings disks).
public enum ColdplugReport {
    /// The line for these prefixes (nil: unknown), newline included.
    public static func line(_ prefixes: [String]?) -> String {
        guard let prefixes else { return "pending ?\n" }
        return (["pending"] + prefixes).joined(separator: " ") + "\n"
    }

    /// The prefixes of the last complete line in `bytes` (nil inside: unknown); nil when
    /// there is no complete line. `bytes` keeps what follows the last newline.
    public static func take(_ bytes: inout [UInt8]) -> [String]?? {
        guard let end = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
        let lines = bytes[..<end].split(separator: UInt8(ascii: "\n"))
        bytes.removeSubrange(...end)
        guard let last = lines.last else { return nil }
        let words = last.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        guard words.first == "pending" else { return nil }
        let prefixes = Array(words.dropFirst())
        if prefixes.contains("?") { return .some(nil) }
        return .some(prefixes)
    }
}
