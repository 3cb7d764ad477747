/// os-release(5) text: `KEY=value` lines, values optionally quoted.
public enum OSRelease {
    /// Parses os-release text into a dictionary; malformed lines are skipped.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq])
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { continue }
            result[key] = unquote(line[line.index(after: eq)...])
        }
        return result
    }

    /// Shell-like unquoting: `"..."` with `\"`, `\\`, `\$`, `` \` `` escapes, `'...'` literal.
    static func unquote(_ value: Substring) -> String {
        var out = ""
        var quote: Character?
        var escaped = false
        for c in value {
            if escaped { out.append(c); escaped = false; continue }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escaped = true } else { out.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        while let last = out.last, last == " " || last == "\t" { out.removeLast() }
        return out
    }
}
