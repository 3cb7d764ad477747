import BootConfig

/// The `entries --json` document as a `JSON` tree, kept in the tests only.
enum EntriesReportTree {
    /// The contract's JSON object built as a `JSON` tree, field by field: the oracle the
    /// byte writer (`EntriesReport.jsonBytes`, which the binary uses) is checked against.
    static func tree(_ menu: ConfigMenu) -> JSON {
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
}
