/// Unified Kernel Images (BLS type 2) on one volume.
public enum UKISource {
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        nil // replaced by the UKI reader
    }
}
