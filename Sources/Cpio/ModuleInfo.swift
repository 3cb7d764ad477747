/// The `.modinfo` section of a kernel module (an ELF64 relocatable file): the `key=value`
/// strings `modinfo` prints, such as `softdep=pre: crc32c` and `firmware=name.bin`.
public struct ModuleInfo: Sendable, Equatable {
    /// Every `key=value` string, in section order (a key may repeat: `firmware`, `alias`).
    public var fields: [(key: String, value: String)]

    /// The values of `key`, in order.
    public func values(_ key: String) -> [String] {
        fields.filter { $0.key == key }.map(\.value)
    }

    /// Firmware files the module may request (`firmware=` fields).
    public var firmware: [String] { values("firmware") }

    /// The `softdep=` fields, parsed.
    public var softDependencies: SoftDependencies {
        values("softdep").reduce(into: SoftDependencies()) { $0.merge(SoftDependencies(parsing: $1)) }
    }

    public init(fields: [(key: String, value: String)]) { self.fields = fields }

    public static func == (a: ModuleInfo, b: ModuleInfo) -> Bool {
        a.fields.elementsEqual(b.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Reads the `.modinfo` section of an uncompressed ELF64 little-endian module; nil when
    /// `bytes` is not such a file or has no `.modinfo` section.
    public init?(elf bytes: [UInt8]) {
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46,
              bytes[4] == 2, bytes[5] == 1 else { return nil }
        // Offsets and sizes are checked against the file before any arithmetic: a
        // 64-bit field may hold any value, and Int arithmetic on it would trap.
        func word(_ at: Int, _ size: Int) -> Int? {
            guard at >= 0, at <= bytes.count - size else { return nil }
            var value = 0
            for i in (0..<size).reversed() { value = value << 8 | Int(bytes[at + i]) }
            return value
        }
        guard let sectionTable = word(0x28, 8), let entrySize = word(0x3a, 2), let count = word(0x3c, 2),
              let namesIndex = word(0x3e, 2), entrySize >= 40, namesIndex < count else { return nil }
        func section(_ index: Int) -> (name: Int, offset: Int, size: Int)? {
            guard (0...bytes.count).contains(sectionTable), entrySize <= bytes.count else { return nil }
            let base = sectionTable + index * entrySize
            guard base <= bytes.count, let name = word(base, 4), let offset = word(base + 24, 8),
                  let size = word(base + 32, 8), (0...bytes.count).contains(offset),
                  (0...(bytes.count - offset)).contains(size) else { return nil }
            return (name, offset, size)
        }
        guard let names = section(namesIndex) else { return nil }
        for index in 0..<count {
            guard let candidate = section(index) else { continue }
            let start = names.offset + candidate.name
            guard start < names.offset + names.size else { continue }
            let end = bytes[start..<(names.offset + names.size)].firstIndex(of: 0) ?? names.offset + names.size
            guard bytes[start..<end].elementsEqual(".modinfo".utf8) else { continue }
            let content = bytes[candidate.offset..<(candidate.offset + candidate.size)]
            fields = content.split(separator: 0).compactMap { string in
                guard let eq = string.firstIndex(of: UInt8(ascii: "=")) else { return nil }
                return (String(decoding: string[..<eq], as: UTF8.self),
                        String(decoding: string[(eq + 1)...], as: UTF8.self))
            }
            return
        }
        return nil
    }
}

/// Modules to load before (`pre:`) and after (`post:`) a module, by name or alias
/// (`crypto-crc32c`), as `softdep` writes them: `pre: a b post: c`.
public struct SoftDependencies: Sendable, Equatable {
    public var pre: [String] = []
    public var post: [String] = []

    public init(pre: [String] = [], post: [String] = []) {
        self.pre = pre
        self.post = post
    }

    /// Parses `pre: a b post: c` (either part may be missing; names before any `pre:`
    /// or `post:` count as `pre:`, as modprobe reads them).
    public init(parsing text: some StringProtocol) {
        var intoPost = false
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            switch word {
            case "pre:": intoPost = false
            case "post:": intoPost = true
            default:
                if intoPost { post.append(String(word)) } else { pre.append(String(word)) }
            }
        }
    }

    public var isEmpty: Bool { pre.isEmpty && post.isEmpty }

    /// Adds the names of `other` that are not here yet.
    public mutating func merge(_ other: SoftDependencies) {
        for name in other.pre where !pre.contains(name) { pre.append(name) }
        for name in other.post where !post.contains(name) { post.append(name) }
    }

    /// The `modules.softdep` table (`softdep MODULE pre: a b post: c`, `#` comments) by
    /// module name (`-` written `_`).
    public static func table(parsing text: String) -> [String: SoftDependencies] {
        var table: [String: SoftDependencies] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count == 3, words[0] == "softdep" else { continue }
            table[KernelModules.canonical(String(words[1])), default: SoftDependencies()]
                .merge(SoftDependencies(parsing: words[2]))
        }
        return table
    }

    /// The `softdep` line for `module` (`softdep ext4 pre: crypto-crc32c`).
    public func line(for module: String) -> String {
        var words = ["softdep", module]
        if !pre.isEmpty { words += ["pre:"] + pre }
        if !post.isEmpty { words += ["post:"] + post }
        return words.joined(separator: " ")
    }
}
