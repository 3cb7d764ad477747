/// The `swiftboot entries --json` document (a stable contract, see design.md) written
/// straight into UTF-8 bytes in `JSON.rendered()`'s layout, without building a `JSON`
/// tree first: no value per field to allocate and free. The tests check it against the
/// same document built as a tree.
extension EntriesReport {
    /// The contract's JSON object as UTF-8 bytes, without a final newline.
    public static func jsonBytes(_ menu: ConfigMenu) -> [UInt8] {
        var out = ReportBytes()
        out.bytes.reserveCapacity(menu.entries.count * 700 + 256)
        out.raw("{\n  \"entries\": ")
        if menu.entries.isEmpty {
            out.raw("[]")
        } else {
            out.raw("[\n")
            for (i, e) in menu.entries.enumerated() {
                out.raw("    {\n      \"title\": "); out.string(e.title)
                out.raw(",\n      \"id\": "); out.string(e.id)
                out.raw(",\n      \"source\": "); out.string(e.source.rawValue)
                out.raw(",\n      \"config\": "); out.string(e.config)
                out.raw(",\n      \"fs\": "); out.string(e.fs)
                out.raw(",\n      \"submenu\": "); out.strings(e.submenu)
                out.raw(",\n      \"kernel\": "); out.string(e.kernel)
                out.raw(",\n      \"initrds\": "); out.strings(e.initrds)
                out.raw(",\n      \"cmdline\": "); out.string(e.cmdline)
                out.raw(",\n      \"devicetree\": ")
                if let dt = e.devicetree { out.string(dt) } else { out.raw("null") }
                out.raw(e.isDefault ? ",\n      \"default\": true\n" : ",\n      \"default\": false\n")
                out.raw(i == menu.entries.count - 1 ? "    }\n" : "    },\n")
            }
            out.raw("  ]")
        }
        out.raw(",\n  \"timeout\": ")
        out.int(menu.timeout)
        out.raw(",\n  \"errors\": ")
        if menu.errors.isEmpty {
            out.raw("[]")
        } else {
            out.raw("[\n")
            for (i, err) in menu.errors.enumerated() {
                out.raw("    {\n")
                out.key("config"); out.string(err.config); out.raw(",\n")
                out.key("fs"); out.string(err.volume); out.raw(",\n")
                out.key("line"); out.int(err.line); out.raw(",\n")
                out.key("message"); out.string(err.message); out.raw("\n")
                out.raw(i == menu.errors.count - 1 ? "    }\n" : "    },\n")
            }
            out.raw("  ]")
        }
        out.raw("\n}")
        return out.bytes
    }
}

/// The byte buffer `jsonBytes` writes into; members of an entry are 6 spaces deep.
private struct ReportBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `      "name": ` (member names need no escapes).
    mutating func key(_ name: StaticString) {
        raw("      \"")
        raw(name)
        raw("\": ")
    }

    mutating func string(_ s: String) {
        JSON.quote(s, into: &bytes)
    }

    mutating func int(_ value: Int?) {
        if let value { bytes.append(contentsOf: String(value).utf8) } else { raw("null") }
    }

    /// An array of strings as a member value of an entry.
    mutating func strings(_ items: [String]) {
        if items.isEmpty { raw("[]"); return }
        raw("[\n")
        for (i, item) in items.enumerated() {
            raw("        ")
            string(item)
            raw(i == items.count - 1 ? "\n" : ",\n")
        }
        raw("      ]")
    }
}
