/// syslinux / extlinux / isolinux configs on one volume.
public enum SyslinuxSource {
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        nil // replaced by the syslinux parser
    }
}
