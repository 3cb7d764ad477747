import BootConfig

/// The `modules.alias` table: glob patterns (`pci:v00001AF4d*`) naming modules.
///
/// Kept as bytes: coldplug matches every device's modalias against about a thousand
/// patterns in PID 1 before the first driver loads, so the table is read and matched
/// without `String`/`Character` work per line or per pattern (docs/performance.md).
public struct ModuleAliases: Sendable {
    /// One `alias PATTERN MODULE` line.
    struct Alias: Sendable {
        var pattern: [UInt8]
        /// How many bytes at the start of `pattern` are literal (before any `*?[\`):
        /// a modalias that does not start with them cannot match.
        var literalPrefix: Int
        var module: String
    }

    /// Aliases by the text before the first `:` (the bus, e.g. `pci`, `virtio`) when that
    /// part has no wildcard; the rest under "".
    private var byBus: [String: [Alias]] = [:]

    /// Parses `modules.alias` text. Lines that are not `alias PATTERN MODULE` are skipped.
    public init(parsing text: String) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                if let alias = Self.alias(bytes, start, end) {
                    byBus[Self.bucket(alias.pattern), default: []].append(alias)
                }
                start = end + 1
            }
        }
    }

    /// The alias of the line `bytes[start..<end]`, when it is `alias PATTERN MODULE`.
    private static func alias(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Alias? {
        var i = start
        /// The next space-separated word of the line (empty at its end).
        func word() -> Range<Int> {
            while i < end && bytes[i] == UInt8(ascii: " ") { i += 1 }
            let wordStart = i
            while i < end && bytes[i] != UInt8(ascii: " ") { i += 1 }
            return wordStart..<i
        }
        let keyword = word(), pattern = word(), module = word()
        guard keyword.count == 5, bytes[keyword].elementsEqual("alias".utf8),
              !pattern.isEmpty, !module.isEmpty, word().isEmpty else { return nil }
        let patternBytes = Array(bytes[pattern])
        return Alias(pattern: patternBytes, literalPrefix: patternBytes.firstIndex(where: isWildcard) ?? patternBytes.count,
                     module: String(decoding: UnsafeBufferPointer(rebasing: bytes[module]), as: UTF8.self))
    }

    private static func isWildcard(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\\")
    }

    private static func bucket(_ pattern: [UInt8]) -> String {
        guard let colon = pattern.firstIndex(of: UInt8(ascii: ":")) else { return "" }
        let bus = pattern[..<colon]
        return bus.contains(where: isWildcard) ? "" : String(decoding: bus, as: UTF8.self)
    }

    /// The modules whose patterns match `modalias`, in file order, without repeats.
    public func modules(for modalias: String) -> [String] {
        let text = Array(modalias.utf8)
        var result: [String] = []
        func scan(_ aliases: [Alias]) {
            for alias in aliases where Self.matches(alias, text) && !result.contains(alias.module) {
                result.append(alias.module)
            }
        }
        if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
            scan(byBus[String(decoding: text[..<colon], as: UTF8.self)] ?? [])
        }
        scan(byBus[""] ?? [])
        return result
    }

    private static func matches(_ alias: Alias, _ text: [UInt8]) -> Bool {
        guard alias.literalPrefix <= text.count else { return false }
        for i in 0..<alias.literalPrefix where alias.pattern[i] != text[i] { return false }
        return Glob.matches(alias.pattern, text)
    }
}
