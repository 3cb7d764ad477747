/// syslinux / extlinux / isolinux / pxelinux configs (and U-Boot's extlinux.conf) on
/// one volume.
public struct SyslinuxSource: MenuSource {
    public init() {}

    public var name: String { "syslinux" }

    /// Steps aside on a hybrid ISO whose GRUB menu the same scan already shows on EFI
    /// (see `Scanner.isHybridISOOnEFI`).
    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        // Network servers have their own lookup orders (docs/netboot-formats.md).
        if volume.tree is RemoteTree { return nil }
        let grubShown = state.foundOnVolume.contains { !$0.entries.isEmpty }
        if Scanner.isHybridISOOnEFI(volume, grubShown: grubShown, context) { return nil }
        return Self.scan(volume: volume, context: context)
    }

    /// Reads the first config in the syslinux search order; nil when the volume has none.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        guard let location = SyslinuxLocator.find(in: volume.tree, architecture: context.architecture) else {
            return nil
        }
        return read(location, volume: volume, dialect: .forArchitecture(context.architecture))
    }

    /// Restarts through `CONFIG` labels followed at most (a loop of them ends here).
    static let maxChain = 8

    /// Submenus (`MENU BEGIN`, `MENU INCLUDE file tag`) nested at most; deeper ones are
    /// not opened (their labels join the deepest menu) and an error names the line.
    /// syslinux itself has no limit; without one a deep nesting overflows the stack.
    public static let maxMenuDepth = 32

    /// Reads the config at `location` (with its includes) into a menu, following a
    /// `CONFIG` label the config boots by itself to the config it restarts with.
    ///
    /// `netboot` is the lease when the config came from a pxelinux server (see
    /// `PxelinuxSource`): it adds the `SYSAPPEND` words and `LOCALBOOT` entries.
    public static func read(_ location: SyslinuxConfigLocation, volume: Volume,
                            dialect: SyslinuxDialect = .syslinux, netboot: NetbootClient? = nil) -> ConfigMenu {
        let variant: SyslinuxChain.Variant =
            netboot != nil || location.path.containsText("/pxelinux.cfg/") ? .pxe
            : (volume.fsType == "iso9660" || location.path.containsText("isolinux") ? .iso : .sys)
        var location = location
        var errors: [ConfigError] = []
        var visited: Set<String> = []
        while true {
            let parser = SyslinuxParser(tree: volume.tree, volume: volume.name,
                                        workingDirectory: location.workingDirectory, dialect: dialect)
            let document = parser.parse(path: location.path)
            visited.insert(location.path)
            if dialect == .syslinux, visited.count <= maxChain,
               let next = SyslinuxChain.target(of: document, workingDirectory: location.workingDirectory, variant: variant),
               !visited.contains(next.path), volume.tree.isFile(next.path) {
                errors += document.errors
                location = next
                continue
            }
            var menu = SyslinuxMenuBuilder(document: document, volume: volume.name,
                                           workingDirectory: location.workingDirectory, dialect: dialect,
                                           netboot: netboot).build()
            menu.errors = errors + menu.errors
            return menu
        }
    }

    /// Menu text with the `^` hotkey marks removed.
    public static func stripCarets(_ text: String) -> String {
        String(text.filter { $0 != "^" })
    }

    /// The hotkey a `^` marks in menu text (lower-cased), if any.
    public static func hotkey(_ text: String) -> Character? {
        guard let caret = text.firstIndex(of: "^") else { return nil }
        let next = text.index(after: caret)
        guard next < text.endIndex else { return nil }
        return Character(text[next].lowercased())
    }

    /// Whether syslinux would load `kernel` as a Linux kernel: `LINUX` always; `KERNEL`
    /// unless the extension names a COM32 module, PXE image, boot sector, floppy image
    /// or COMBOOT program. memtest images and memdisk (a BIOS disk emulator in bzImage
    /// form) are left out as well: they need a BIOS, not a kexec.
    static func isLinuxKernel(_ kernel: String, keyword: SyslinuxKernelKeyword) -> Bool {
        guard !kernel.isEmpty else { return false }
        let name = Path.basename(kernel).lowercased()
        if name.hasPrefix("memtest") || name == "memdisk" { return false }
        switch keyword {
        case .linux:
            return true
        case .kernel:
            guard let dot = name.lastIndex(of: ".") else { return true }
            let ext = name[name.index(after: dot)...]
            return !["c32", "cbt", "0", "bin", "bs", "bss", "img", "com"].contains(String(ext))
        default:
            return false
        }
    }
}
