/// The `swiftboot entries --json` document (a stable contract, see design.md).
public enum EntriesReport {
    /// Renders a merged menu as the contract's JSON object.
    public static func json(_ menu: ConfigMenu) -> JSON {
        let entries: [JSON] = menu.entries.map { e in
            .object([
                ("title", .string(e.title)),
                ("id", .string(e.id)),
                ("source", .string(e.source.rawValue)),
                ("config", .string(e.config)),
                ("fs", .string(e.fs)),
                ("submenu", .array(e.submenu.map { .string($0) })),
                ("kernel", .string(e.kernel)),
                ("initrds", .array(e.initrds.map { .string($0) })),
                ("cmdline", .string(e.cmdline)),
                ("devicetree", .optional(e.devicetree)),
                ("default", .bool(e.isDefault)),
            ])
        }
        let errors: [JSON] = menu.errors.map { err in
            .object([
                ("config", .string(err.config)),
                ("fs", .string(err.volume)),
                ("line", err.line.map { .int($0) } ?? .null),
                ("message", .string(err.message)),
            ])
        }
        return .object([
            ("entries", .array(entries)),
            ("timeout", menu.timeout.map { .int($0) } ?? .null),
            ("errors", .array(errors)),
        ])
    }

    /// A plain-text listing for people.
    public static func text(_ menu: ConfigMenu) -> String {
        var out = ""
        for e in menu.entries {
            let path = (e.submenu + [e.title]).joined(separator: " > ")
            out += (e.isDefault ? "* " : "  ") + path + "\n"
            out += "    \(e.source.rawValue) \(e.fs):\(e.config)\(e.line.map { ":\($0)" } ?? "")\n"
            out += "    kernel  \(e.kernel)\n"
            for i in e.initrds { out += "    initrd  \(i)\n" }
            if let dt = e.devicetree { out += "    fdt     \(dt)\n" }
            out += "    cmdline \(e.cmdline)\n"
        }
        out += "timeout: \(menu.timeout.map(String.init) ?? "none (wait)")\n"
        for err in menu.errors { out += "error: \(err)\n" }
        return out
    }
}
