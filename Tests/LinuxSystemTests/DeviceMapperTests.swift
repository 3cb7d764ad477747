#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LinuxSystem

/// The device-mapper request layout of linux/dm-ioctl.h: numbers, `struct dm_ioctl`,
/// `struct dm_target_spec` chains and the name limits.
struct DeviceMapperTests {
    @Test func requestNumbersAreThoseOfDmIoctl() {
        // _IOWR(DM_IOCTL=0xfd, nr, struct dm_ioctl) with sizeof(struct dm_ioctl) = 312.
        #expect(DeviceMapper.devCreate == 0xC138_FD03)
        #expect(DeviceMapper.devRemove == 0xC138_FD04)
        #expect(DeviceMapper.devSuspend == 0xC138_FD06)
        #expect(DeviceMapper.tableLoad == 0xC138_FD09)
    }

    @Test func headerCarriesVersionSizesFlagsNameAndUUID() throws {
        let payload: [UInt8] = [1, 2, 3]
        let bytes = try DeviceMapper.buffer(name: "vg0-root", uuid: "LVM-abc", flags: 1, targetCount: 2, payload: payload)
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        #expect(u32(0) == 4 && u32(4) == 0 && u32(8) == 0)
        #expect(u32(12) == UInt32(bytes.count))         // data_size: the whole buffer
        #expect(u32(16) == 312)                          // data_start: right after the header
        #expect(u32(20) == 2)                            // target_count
        #expect(u32(28) == 1)                            // DM_READONLY_FLAG
        #expect(Array(bytes[48..<56]) == Array("vg0-root".utf8) && bytes[56] == 0)
        #expect(Array(bytes[176..<183]) == Array("LVM-abc".utf8) && bytes[183] == 0)
        #expect(Array(bytes[312..<315]) == payload)
    }

    @Test func namesTheKernelCannotHoldAreRefused() {
        #expect(throws: SystemError.self) { try DeviceMapper.buffer(name: "", uuid: nil, flags: 0) }
        #expect(throws: SystemError.self) { try DeviceMapper.buffer(name: String(repeating: "a", count: 128), uuid: nil, flags: 0) }
        #expect(throws: SystemError.self) { try DeviceMapper.buffer(name: "a/b", uuid: nil, flags: 0) }
        #expect(throws: SystemError.self) { try DeviceMapper.buffer(name: "a", uuid: String(repeating: "u", count: 129), flags: 0) }
        #expect((try? DeviceMapper.buffer(name: String(repeating: "a", count: 127), uuid: nil, flags: 0)) != nil)
    }

    @Test func targetSpecsChainWithEightByteAlignedNext() {
        let targets = [DMTarget(start: 0, length: 2048, type: "linear", parameters: "252:1 2048"),
                       DMTarget(start: 2048, length: 4096, type: "striped", parameters: "2 128 8:16 2048 8:32 2048")]
        let out = DeviceMapper.tablePayload(targets)
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(out[at + $1]) << (8 * UInt32($1)) } }
        // First spec: 40 bytes + "252:1 2048" + NUL = 51 -> 56.
        #expect(DeviceMapper.get64(out, 0) == 0 && DeviceMapper.get64(out, 8) == 2048)
        #expect(u32(20) == 56)
        #expect(Array(out[24..<30]) == Array("linear".utf8) && out[30] == 0)
        #expect(Array(out[40..<50]) == Array("252:1 2048".utf8) && out[50] == 0)
        // Second spec at 56: 40 + 26 + 1 = 67 -> 72.
        #expect(DeviceMapper.get64(out, 56) == 2048 && DeviceMapper.get64(out, 64) == 4096)
        #expect(u32(56 + 20) == 72)
        #expect(Array(out[56 + 24..<56 + 31]) == Array("striped".utf8))
        #expect(out.count == 56 + 72)
        #expect(out.count % 8 == 0)
    }

    @Test func wipeZeroesTheBuffer() {
        var key: [UInt8] = Array("0123456789abcdef".utf8)
        DeviceMapper.wipe(&key)
        #expect(key.count == 16 && key.allSatisfy { $0 == 0 })
    }
}
