import BootConfig
import LinuxSystem

/// A block device's raw bytes, read with `pread` on a read-only descriptor opened for
/// each read (GRUB block lists are read once or twice per scan).
public struct DeviceBlocks: BlockSource {
    /// The device node (`/dev/nvme0n1p2`).
    public var node: String

    public init(node: String) { self.node = node }

    public func read(offset: UInt64, count: Int) throws(FileTreeError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            let fd = try FileDescriptor.open(node, .readOnly, options: [.closeOnExec])
            defer { fd.close() }
            bytes = try fd.read(count: count, at: Int64(offset))
        } catch {
            throw FileTreeError(path: "\(node) sector \(offset / 512)", reason: "\(error)")
        }
        guard bytes.count == count else {
            throw FileTreeError(path: "\(node) sector \(offset / 512)", reason: "beyond the end of the device")
        }
        return bytes
    }
}
