import BootConfig

/// What systemd-stub extends into PCR 11 for a UKI: for each section it knows, in its
/// canonical order (systemd's `unified_sections[]`, "PLEASE DO NOT REORDER"), present
/// in the file and not `.pcrsig`: first the section name with its NUL, then the
/// section's contents (`VirtualSize` bytes as loaded: the raw data, zero-filled when
/// `VirtualSize` is larger). Both events are `EV_IPL` with the name as description.
public enum UKIMeasurement {
    /// The canonical order of systemd's current `uki.h`; `.pcrsig` is never measured.
    static let canonical: [(name: String, since: Int)] = [
        (".linux", 0), (".osrel", 0), (".cmdline", 0), (".initrd", 0), (".ucode", 256),
        (".splash", 0), (".dtb", 0), (".uname", 254), (".sbat", 254), (".pcrpkey", 0),
        (".profile", 257), (".dtbauto", 257), (".hwids", 257), (".efifw", 258),
    ]

    /// The systemd-stub version in the `.sdmagic` section
    /// (`#### LoaderInfo: systemd-stub 252.39-1~deb12u2 ####` → 252), nil without one.
    public static func stubVersion(_ bytes: [UInt8], pe: PEFile) -> Int? {
        guard let magic = pe.section(".sdmagic") else { return nil }
        let text = String(decoding: bytes[magic.range].prefix(while: { $0 != 0 }), as: UTF8.self)
        guard let marker = text.range(ofText: "systemd-stub ") else { return nil }
        let digits = text[marker.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
        return Int(digits)
    }

    /// The sections the stub of `version` measures (nil version: the newest list).
    public static func sectionNames(stubVersion version: Int?) -> [String] {
        canonical.filter { version == nil || $0.since <= version! }.map(\.name)
    }

    /// The (name, contents) pairs extended into PCR 11, in order. With a `.profile`
    /// section only the base sections before the first `.profile` are taken (a
    /// multi-profile UKI boots its default profile 0 only when the stub is told so).
    public static func sections(of bytes: [UInt8]) throws(PEError) -> [(name: String, contents: [UInt8])] {
        let pe = try PEFile(bytes: bytes)
        let known = sectionNames(stubVersion: stubVersion(bytes, pe: pe))
        let base = pe.sections.prefix { $0.name != ".profile" }
        var out: [(String, [UInt8])] = []
        for name in known {
            guard let section = base.first(where: { $0.name == name }) else { continue }
            var contents = Array(bytes[section.range])
            if Int(section.virtualSize) > contents.count { contents += [UInt8](repeating: 0, count: Int(section.virtualSize) - contents.count) }
            out.append((name, contents))
        }
        return out
    }
}

extension String {
    /// The first range of `needle` in the string (no Foundation, no regex).
    func range(ofText needle: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
