/// A Boot Loader Specification type 1 entry, interpreted: the keys a menu needs.
public struct BLSEntry: Sendable, Equatable {
    /// The file name and its boot counter.
    public var name: BLSEntryName
    /// The entry file, absolute inside its volume.
    public var path: String
    public var title: String?
    public var version: String?
    public var machineID: String?
    public var sortKey: String?
    /// `linux`, as written.
    public var linux: String?
    /// `efi`: an EFI program, not kexec-able.
    public var efi: String?
    /// `uki`: a unified kernel image referenced from a type 1 entry.
    public var uki: String?
    /// `initrd` lines in order (each may name several files separated by blanks).
    public var initrds: [String]
    /// `options` lines joined by single spaces.
    public var options: String
    public var devicetree: String?
    public var devicetreeOverlays: [String]
    /// `architecture`, lower-cased.
    public var architecture: String?
    /// 1-based line of the `linux` (or first) key, for messages.
    public var line: Int?

    /// EFI architecture names the spec lists.
    public static let knownArchitectures: Set<String> = [
        "ia32", "x64", "ia64", "arm", "aa64", "riscv32", "riscv64", "riscv128", "loongarch32", "loongarch64",
    ]

    /// Keys that carry meaning for a kexec menu, and keys other loaders (GRUB's
    /// blscfg) use, which this reader accepts without comment.
    static let quietKeys: Set<String> = ["uki-url", "profile", "extra", "grub_users", "grub_arg", "grub_class", "grub_hotkey"]

    /// Interprets `file`; problems are returned as (line, message) pairs, never fatal.
    public static func interpret(_ file: BLSEntryFile, path: String) -> (entry: BLSEntry?, problems: [(Int, String)]) {
        guard let name = BLSEntryName(fileName: file.fileName) else {
            return (nil, [(0, "entry file name does not end in .conf")])
        }
        var entry = BLSEntry(name: name, path: path, initrds: [], options: "", devicetreeOverlays: [])
        var options: [String] = []
        var problems: [(Int, String)] = []
        for line in file.lines {
            let value = line.value
            switch line.key {
            case "title": entry.title = value
            case "version": entry.version = value
            case "machine-id": entry.machineID = value
            case "sort-key": entry.sortKey = value
            case "linux": entry.linux = value; entry.line = line.number
            case "efi": entry.efi = value
            case "uki": entry.uki = value
            case "initrd": entry.initrds.append(value)
            case "options": if !value.isEmpty { options.append(value) }
            case "devicetree": entry.devicetree = value
            case "devicetree-overlay":
                entry.devicetreeOverlays += value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            case "architecture":
                let arch = value.lowercased()
                entry.architecture = arch
                if !knownArchitectures.contains(arch) {
                    problems.append((line.number, "unknown architecture '\(value)'"))
                }
            default:
                if !quietKeys.contains(line.key) {
                    problems.append((line.number, "unknown key '\(line.key)'"))
                }
            }
        }
        entry.options = options.joined(separator: " ")
        if entry.line == nil { entry.line = file.lines.first?.number }
        return (entry, problems)
    }

    /// The title systemd-boot shows before making duplicates unique: `title`, else the id.
    public var displayTitle: String { title ?? name.id }
}
