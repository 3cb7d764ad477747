/// Which modules a filesystem type needs before it can be mounted.
public enum FilesystemModules {
    /// The parameters filesystem modules (and what they pull in) are loaded with:
    /// `async_probe`, which every module accepts (the kernel handles it for all), so that
    /// loading one does not wait for other drivers' asynchronous probing to finish.
    public static let loadParameters = "async_probe"

    /// Module names (or `fs-TYPE` aliases) to load for `fsType`, in order. vfat also needs
    /// the code page and character set its default mount options name.
    public static func modules(for fsType: String) -> [String] {
        switch fsType {
        case "vfat": return ["fs-vfat", "nls_cp437", "nls_ascii", "nls_utf8"]
        default: return ["fs-\(fsType)"]
        }
    }
}
