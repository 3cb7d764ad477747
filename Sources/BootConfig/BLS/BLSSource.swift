/// Boot Loader Specification type 1 entries on one volume.
public enum BLSSource {
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        nil // replaced by the BLS reader
    }
}
