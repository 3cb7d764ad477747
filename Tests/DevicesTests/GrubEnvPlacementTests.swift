import Testing
import LinuxSystem
@testable import Devices

@Suite struct GrubEnvPlacementTests {
    @Test func oneExtentGivesItsDeviceOffset() throws {
        let extents = [FileExtent(logical: 0, physical: 8_392_704, length: 4096, flags: .last)]
        #expect(try GrubEnvPlacement.deviceOffset(extents: extents, size: 1024).get() == 8_392_704)
    }

    @Test func fragmentedFileIsRefused() {
        let extents = [FileExtent(logical: 0, physical: 4096, length: 512, flags: []),
                       FileExtent(logical: 512, physical: 65536, length: 512, flags: .last)]
        #expect(throws: GrubEnvPlacement.Refusal.notOneExtent(2)) {
            try GrubEnvPlacement.deviceOffset(extents: extents, size: 1024).get()
        }
    }

    @Test(arguments: [FileExtent.Flags.dataInline, .encoded, .unknown, .delayedAllocation, .unwritten])
    func extentsNotPlainOnDiskAreRefused(flag: FileExtent.Flags) {
        let extents = [FileExtent(logical: 0, physical: 4096, length: 4096, flags: [.last, flag])]
        #expect(throws: GrubEnvPlacement.Refusal.unsafeExtent(flag)) {
            try GrubEnvPlacement.deviceOffset(extents: extents, size: 1024).get()
        }
    }

    @Test func shortExtentIsRefused() {
        let extents = [FileExtent(logical: 0, physical: 4096, length: 512, flags: .last)]
        #expect(throws: GrubEnvPlacement.Refusal.extentTooShort(512)) {
            try GrubEnvPlacement.deviceOffset(extents: extents, size: 1024).get()
        }
    }

    @Test func btrfsLvmAndRaidAreRefused() {
        #expect(GrubEnvPlacement.check(fsType: "btrfs", kernelName: "vda2", diskName: "vda") == .unsupportedFilesystem("btrfs"))
        #expect(GrubEnvPlacement.check(fsType: "ext4", kernelName: "dm-0", diskName: nil) == .unsupportedDevice("dm-0"))
        #expect(GrubEnvPlacement.check(fsType: "ext4", kernelName: "md127p1", diskName: "md127") == .unsupportedDevice("md127p1"))
        #expect(GrubEnvPlacement.check(fsType: "ext4", kernelName: "vda2", diskName: "vda") == nil)
    }
}

@Suite struct ExtJournalStateTests {
    func superblock(incompat: UInt32, magic: UInt16 = 0xEF53) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: ExtJournalState.superblockBytes)
        bytes[0x38] = UInt8(magic & 0xff)
        bytes[0x39] = UInt8(magic >> 8)
        for i in 0..<4 { bytes[0x60 + i] = UInt8((incompat >> (8 * UInt32(i))) & 0xff) }
        return bytes
    }

    @Test func cleanExt4NeedsNoRecovery() {
        // filetype | extents | 64bit | flex_bg: a typical clean ext4.
        #expect(ExtJournalState.needsRecovery(superblock: superblock(incompat: 0x0002 | 0x0040 | 0x0080 | 0x0200)) == false)
    }

    @Test func recoverFlagMeansJournalToReplay() {
        #expect(ExtJournalState.needsRecovery(superblock: superblock(incompat: 0x0002 | 0x0004 | 0x0040)) == true)
    }

    @Test func otherFilesystemsAreUnknown() {
        #expect(ExtJournalState.needsRecovery(superblock: superblock(incompat: 0, magic: 0x1234)) == nil)
    }
}
