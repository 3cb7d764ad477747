/// The raw bytes of the device a filesystem lives on, for the few things a bootloader
/// names by sector instead of by file (GRUB block lists such as SUSE's `env_block`).
/// Offsets are bytes from the start of the filesystem's partition (or whole disk).
public protocol BlockSource: Sendable {
    /// Reads exactly `count` bytes at `offset`.
    func read(offset: UInt64, count: Int) throws(FileTreeError) -> [UInt8]
}

/// Device bytes held in memory, for tests.
public struct MemoryBlocks: BlockSource {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(offset: UInt64, count: Int) throws(FileTreeError) -> [UInt8] {
        guard offset <= UInt64(bytes.count), count <= bytes.count - Int(offset) else {
            throw FileTreeError(path: "sector \(offset / 512)", reason: "beyond the end of the device")
        }
        return Array(bytes[Int(offset)..<Int(offset) + count])
    }
}
