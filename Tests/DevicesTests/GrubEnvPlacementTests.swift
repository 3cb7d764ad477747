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
