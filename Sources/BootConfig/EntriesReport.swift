/// The `swiftboot entries --json` document (a stable contract, see design.md).
public enum EntriesReport {
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
