/// GRUB 2 configs on one volume.
public enum GrubSource {
    /// Reads the volume's grub.cfg (if any) and returns the menu GRUB would show.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        nil // replaced by the GRUB interpreter
    }
}
