import BootConfig

/// The `modules.alias` table: glob patterns (`pci:v00001AF4d*`) naming modules.
public struct ModuleAliases: Sendable {
    /// One `alias PATTERN MODULE` line.
    public struct Alias: Sendable, Equatable {
        public var pattern: String
        public var module: String
    }

    /// Aliases by the text before the first `:` (the bus, e.g. `pci`, `virtio`) when that
    /// part has no wildcard; the rest under "".
    private var byBus: [String: [Alias]] = [:]

    /// Parses `modules.alias` text. Lines that are not `alias PATTERN MODULE` are skipped.
    public init(parsing text: String) {
        for line in text.split(whereSeparator: { $0 == "\n" }) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count == 3, words[0] == "alias" else { continue }
            let alias = Alias(pattern: String(words[1]), module: String(words[2]))
            byBus[ModuleAliases.bucket(alias.pattern), default: []].append(alias)
        }
    }

    private static func bucket(_ pattern: String) -> String {
        guard let colon = pattern.firstIndex(of: ":") else { return "" }
        let bus = pattern[..<colon]
        return bus.contains(where: { "*?[\\".contains($0) }) ? "" : String(bus)
    }

    /// The modules whose patterns match `modalias`, in file order, without repeats.
    public func modules(for modalias: String) -> [String] {
        var candidates: [Alias] = byBus[""] ?? []
        if let colon = modalias.firstIndex(of: ":") {
            candidates = (byBus[String(modalias[..<colon])] ?? []) + candidates
        }
        var seen = Set<String>()
        var result: [String] = []
        for alias in candidates where Glob.matches(alias.pattern, modalias) {
            if seen.insert(alias.module).inserted { result.append(alias.module) }
        }
        return result
    }
}
