/// Where a syslinux-family loader finds its config on one filesystem.
public struct SyslinuxConfigLocation: Sendable, Equatable {
    /// The config file, absolute inside the volume.
    public var path: String
    /// The directory relative names resolve against: the config's own directory for
    /// syslinux/extlinux/isolinux and U-Boot, the TFTP prefix for pxelinux.
    public var workingDirectory: String

    public init(path: String, workingDirectory: String) {
        self.path = path
        self.workingDirectory = workingDirectory
    }
}

/// The config search order of the syslinux family and U-Boot's extlinux support.
public enum SyslinuxLocator {
    /// Candidate config files, first match wins: isolinux on optical media, U-Boot's
    /// and extlinux's `extlinux.conf`, the syslinux directories with the names each
    /// variant tries, and finally a pxelinux tree's `pxelinux.cfg/default`.
    public static func candidates(architecture: String) -> [String] {
        // EFI syslinux also tries syslx64.cfg / syslia32.cfg before syslinux.cfg.
        let efiName: [String] = switch architecture.lowercased() {
        case "x64": ["syslx64.cfg"]
        case "ia32": ["syslia32.cfg"]
        default: []
        }
        var paths = ["/boot/isolinux/isolinux.cfg", "/isolinux/isolinux.cfg",
                     "/boot/extlinux/extlinux.conf", "/extlinux/extlinux.conf"]
        for dir in ["/boot/syslinux", "/syslinux", ""] {
            for name in ["extlinux.conf"] + efiName + ["syslinux.cfg"] {
                paths.append(dir + "/" + name)
            }
        }
        paths += ["/boot/isolinux/syslinux.cfg", "/isolinux/syslinux.cfg",
                  "/pxelinux.cfg/default", "/boot/pxelinux.cfg/default"]
        return paths
    }

    /// The first config present in `tree`, or nil.
    public static func find(in tree: any FileTree, architecture: String = "x64") -> SyslinuxConfigLocation? {
        for path in candidates(architecture: architecture) where tree.isFile(path) {
            var directory = Path.directory(of: path)
            if Path.basename(directory) == "pxelinux.cfg" {
                // pxelinux names files relative to the directory holding pxelinux.0.
                directory = Path.directory(of: directory)
            }
            return SyslinuxConfigLocation(path: path, workingDirectory: directory)
        }
        return nil
    }
}
