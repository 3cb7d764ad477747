/// Whether an ext3/ext4 filesystem has a journal waiting to be replayed. Such a
/// filesystem (mounted `noload`, so not replayed) must not be remounted read-write:
/// writing over it would lose or corrupt what the journal holds.
public enum ExtJournalState {
    /// The superblock starts 1024 bytes into the device.
    public static let superblockOffset = 1024
    /// Bytes of the superblock needed: magic at 0x38, s_feature_incompat at 0x60.
    public static let superblockBytes = 0x64

    /// Whether the superblock's INCOMPAT_RECOVER flag is set; nil when `superblock` is
    /// not an ext2/3/4 superblock.
    public static func needsRecovery(superblock: [UInt8]) -> Bool? {
        guard superblock.count >= superblockBytes,
              superblock[0x38] == 0x53, superblock[0x39] == 0xEF else { return nil }
        let incompat = UInt32(superblock[0x60]) | UInt32(superblock[0x61]) << 8
            | UInt32(superblock[0x62]) << 16 | UInt32(superblock[0x63]) << 24
        return incompat & 0x0004 != 0
    }
}
