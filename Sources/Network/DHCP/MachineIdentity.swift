import LinuxSystem
import NetProtocols

/// Facts about the machine the DHCP identity carries.
public enum MachineIdentity {
    /// Where the kernel shows the SMBIOS system UUID (root-readable).
    public static let productUUIDPath = "/sys/class/dmi/id/product_uuid"

    /// The SMBIOS system UUID as 16 bytes for option 97, nil when absent, unreadable or unset.
    public static func smbiosUUID(path: String = productUUIDPath) -> [UInt8]? {
        guard let text = try? FileSystem.readText(path) else { return nil }
        return DHCPv4.Identity.uuid(fromText: text)
    }
}
