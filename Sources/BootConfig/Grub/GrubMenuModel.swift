/// A file a GRUB script was read from.
struct GrubFile: Sendable, Equatable, Hashable {
    /// Name of the volume holding it.
    var volume: String
    /// Absolute path inside the volume.
    var path: String
}

/// A `menuentry` or `submenu` as defined: its body runs only when it is chosen.
struct GrubMenuItem: Sendable {
    var submenu: Bool
    var title: String
    /// `--id`, else the title (GRUB's `id ?: title`).
    var id: String
    var hotkey: Character?
    /// `--users a,b` as written; nil without the option.
    var users: String? = nil
    /// `--unrestricted`: anyone may choose it.
    var unrestricted = false
    /// `$1` (the title), `$2`, `$3`… inside the body.
    var arguments: [String]
    var body: GrubBlock
    /// The file that defined the item, and its line there.
    var file: GrubFile
    var line: Int?
}

/// One menu level after its script ran: the items, and the variables the bodies will see.
struct GrubMenuLevel: Sendable {
    var items: [GrubMenuItem]
    var environment: GrubEnvironment
    /// The config file whose menu this is (for `configfile` menus: the file opened).
    var file: GrubFile
}

/// A write GRUB would make to a grubenv file (`save_env`).
struct GrubEnvWrite: Sendable, Equatable {
    var file: GrubFile
    /// Variables in order; nil for an unset variable, which `save_env` deletes.
    var variables: [(String, String?)]

    static func == (a: GrubEnvWrite, b: GrubEnvWrite) -> Bool {
        a.file == b.file && a.variables.map(\.0) == b.variables.map(\.0) && a.variables.map(\.1) == b.variables.map(\.1)
    }

    /// Groups writes by file, later values of a variable replacing earlier ones.
    static func merged(_ writes: [GrubEnvWrite]) -> [BootWrite] {
        var order: [GrubFile] = []
        var byFile: [GrubFile: [(String, String?)]] = [:]
        for write in writes {
            if byFile[write.file] == nil { order.append(write.file); byFile[write.file] = [] }
            for (name, value) in write.variables {
                if let i = byFile[write.file]!.firstIndex(where: { $0.0 == name }) {
                    byFile[write.file]![i].1 = value
                } else {
                    byFile[write.file]!.append((name, value))
                }
            }
        }
        return order.map { .grubenv(volume: $0.volume, path: $0.path, variables: byFile[$0]!) }
    }
}

/// What a menu entry's body loaded, recorded while it runs.
struct GrubLoadedImage: Sendable {
    enum Kind: Sendable, Equatable {
        case linux
        /// chainloader, multiboot, fwsetup…: not a Linux kernel kexec can take.
        case other(String)
    }

    var kind: Kind
    /// Volume name and path of the kernel.
    var volume: String = ""
    var path: String = ""
    /// The kernel argument as written after expansion (for `BOOT_IMAGE=`).
    var written: String = ""
    var arguments: [String] = []
    /// Initrds as (volume name, path), in load order.
    var initrds: [(String, String)] = []
    /// Device tree as (volume name, path).
    var devicetree: (String, String)?
}
