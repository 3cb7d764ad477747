/// A GRUB environment block (`grubenv`): the signature line, `name=value` lines, and `#`
/// padding up to the block's fixed size (1024 bytes as `grub-editenv` creates it).
///
/// Values escape `\` as `\\` and a newline as `\` + newline. GRUB only ever rewrites the
/// block in place, never changing its size; `updated(_:setting:)` does the same.
public struct GrubEnvBlock: Sendable, Equatable {
    /// The first line every block starts with.
    public static let signature = "# GRUB Environment Block\n"
    /// The size `grub-editenv create` gives a new block.
    public static let standardSize = 1024

    /// Variables in file order (a repeated name keeps its first position, last value).
    public private(set) var variables: [(name: String, value: String)]

    public static func == (a: GrubEnvBlock, b: GrubEnvBlock) -> Bool {
        a.variables.map(\.name) == b.variables.map(\.name) && a.variables.map(\.value) == b.variables.map(\.value)
    }

    /// Parses a block. Returns nil when it does not start with the signature.
    public init?(bytes: [UInt8]) {
        guard let lines = Self.lines(bytes) else { return nil }
        variables = []
        for line in lines {
            guard case .variable(let name, let value) = line else { continue }
            if let i = variables.firstIndex(where: { $0.name == name }) {
                variables[i].value = value
            } else {
                variables.append((name, value))
            }
        }
    }

    /// The value of a variable, if present.
    public subscript(name: String) -> String? {
        variables.first { $0.name == name }?.value
    }

    /// Returns `block` with the assignments applied (a nil value deletes the variable), in
    /// place and at the same size, '#'-padded; nil when `block` is not an environment
    /// block or the result would not fit in it.
    public static func updated(_ block: [UInt8], setting assignments: [(String, String?)]) -> [UInt8]? {
        guard var lines = lines(block) else { return nil }
        for (name, value) in assignments {
            guard !name.isEmpty, !name.contains("="), !name.contains("\n") else { return nil }
            let existing = lines.firstIndex { if case .variable(name, _) = $0 { return true } else { return false } }
            switch (existing, value) {
            case (let i?, let v?):
                lines[i] = .variable(name, v)
                // Drop later duplicates so the new value is the one read back.
                var j = i + 1
                while j < lines.count {
                    if case .variable(name, _) = lines[j] { lines.remove(at: j) } else { j += 1 }
                }
            case (nil, let v?):
                lines.append(.variable(name, v))
            case (_, nil):
                lines.removeAll { if case .variable(name, _) = $0 { return true } else { return false } }
            }
        }
        var out = Array(signature.utf8)
        for line in lines {
            switch line {
            case .comment(let raw):
                out += raw
                out.append(0x0A)
            case .variable(let name, let value):
                out += Array(name.utf8)
                out.append(0x3D)
                for b in value.utf8 {
                    if b == 0x5C || b == 0x0A { out.append(0x5C) }
                    out.append(b)
                }
                out.append(0x0A)
            }
        }
        guard out.count <= block.count else { return nil }
        out += [UInt8](repeating: 0x23, count: block.count - out.count)
        return out
    }

    private enum Line {
        /// A `#` line other than the padding, kept byte for byte (without its newline).
        case comment([UInt8])
        case variable(String, String)
    }

    /// Splits a block into its lines after the signature; the trailing padding (a run of
    /// `#` to the end) is dropped. Nil without the signature.
    private static func lines(_ bytes: [UInt8]) -> [Line]? {
        let sig = Array(signature.utf8)
        guard bytes.count >= sig.count, Array(bytes[0..<sig.count]) == sig else { return nil }
        var result: [Line] = []
        var i = sig.count
        while i < bytes.count {
            if bytes[i] == 0x23 {
                // A comment line, or the padding if only '#' remain.
                var end = i
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                if end == bytes.count && bytes[i..<end].allSatisfy({ $0 == 0x23 }) { break }
                result.append(.comment(Array(bytes[i..<end])))
                i = end + 1
                continue
            }
            if bytes[i] == 0x0A { i += 1; continue }
            // name=value with escapes, up to an unescaped newline.
            var name: [UInt8] = []
            while i < bytes.count && bytes[i] != 0x3D && bytes[i] != 0x0A { name.append(bytes[i]); i += 1 }
            guard i < bytes.count, bytes[i] == 0x3D else { i += 1; continue }
            i += 1
            var value: [UInt8] = []
            while i < bytes.count && bytes[i] != 0x0A {
                if bytes[i] == 0x5C && i + 1 < bytes.count {
                    value.append(bytes[i + 1])
                    i += 2
                    continue
                }
                value.append(bytes[i])
                i += 1
            }
            i += 1
            if name.contains(0) { continue }
            result.append(.variable(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return result
    }
}
