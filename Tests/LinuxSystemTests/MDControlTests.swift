#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LinuxSystem

/// The md requests' numbers (md_u.h) and the rule that an md array is never made writable.
struct MDControlTests {
    @Test func requestNumbersAreThoseOfMdU() {
        // _IOW(MD_MAJOR=9, nr, size) = 1 << 30 | size << 16 | 9 << 8 | nr.
        func iow(_ nr: UInt, _ size: UInt) -> UInt { 1 << 30 | size << 16 | 9 << 8 | nr }
        #expect(MDControl.setArrayInfo == iow(0x23, 18 * 4))  // mdu_array_info_t
        #expect(MDControl.addNewDisk == iow(0x21, 5 * 4))  // mdu_disk_info_t
        #expect(MDControl.runArray == iow(0x30, 3 * 4))  // mdu_param_t
        #expect(MDControl.stopArray == 9 << 8 | 0x32)  // _IO
    }

    @Test func arrayNodes() {
        #expect(MDControl.isArrayNode("/dev/md127"))
        #expect(MDControl.isArrayNode("/dev/md0"))
        #expect(!MDControl.isArrayNode("/dev/md"))
        #expect(!MDControl.isArrayNode("/dev/md127p1"))
        #expect(!MDControl.isArrayNode("/dev/mmcblk0"))
        #expect(!MDControl.isArrayNode("/dev/sda"))
        #expect(MDControl.isOnArray("/dev/md127p1") && MDControl.isOnArray("/dev/md127"))
        #expect(!MDControl.isOnArray("/dev/md127p") && !MDControl.isOnArray("/dev/nvme0n1p1"))
    }

    @Test func anArrayIsNeverMadeWritable() {
        var ran = false
        do {
            try BlockReadOnly.whileWritable("/dev/md127") { ran = true }
            Issue.record("whileWritable on an md array did not throw")
        } catch {
            #expect(error.errno == EROFS)
            #expect(error.path == "/dev/md127")
        }
        #expect(!ran)
        #expect(throws: SystemError.self) { try BlockReadOnly.whileWritable("/dev/md127p2") { ran = true } }
        #expect(!ran)
    }
}
