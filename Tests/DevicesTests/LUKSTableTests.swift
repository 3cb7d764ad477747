import Credentials
import LinuxSystem
import Testing
@testable import Devices

/// The dm-crypt table line a LUKS volume is mapped with.
struct LUKSTableTests {
    static let key: [UInt8] = (0..<64).map { UInt8($0 * 3 & 0xFF) }
    static var keyHex: String { key.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test func luks2With4KSectors() throws {
        let device = BlockDevice(name: "vdb", size: 64 << 20)
        let segment = LUKSHeader.Segment(index: 0, offset: 16 << 20, size: nil, ivTweak: 0, cipher: "aes-xts-plain64",
                                         sectorSize: 4096)
        let target = try #require(LUKSVolume.table(device: device, segment: segment, key: SecretBytes(copying: Self.key)))
        #expect(target.type == "crypt")
        #expect(target.start == 0)
        #expect(target.length == (48 << 20) / 512)
        #expect(String(decoding: target.parameters, as: UTF8.self)
                == "aes-xts-plain64 \(Self.keyHex) 0 /dev/vdb 32768 1 sector_size:4096")
    }

    @Test func luks1FixedSizeAndRounding() throws {
        // 1 MiB + 1000 bytes after a 2 MiB header: whole 512-byte sectors only.
        let device = BlockDevice(name: "sda1", size: (3 << 20) + 1000)
        let segment = LUKSHeader.Segment(index: 0, offset: 2 << 20, size: nil, ivTweak: 7, cipher: "aes-cbc-essiv:sha256",
                                         sectorSize: 512)
        let target = try #require(LUKSVolume.table(device: device, segment: segment, key: SecretBytes(copying: Self.key)))
        #expect(target.length == 2048 + 1)
        #expect(String(decoding: target.parameters, as: UTF8.self).hasSuffix(" 7 /dev/sda1 4096"))
        let fixed = LUKSHeader.Segment(index: 0, offset: 2 << 20, size: 4096, ivTweak: 0, cipher: "aes-xts-plain64",
                                       sectorSize: 4096)
        #expect(LUKSVolume.table(device: device, segment: fixed, key: SecretBytes(copying: Self.key))?.length == 8)
        let beyond = LUKSHeader.Segment(index: 0, offset: 4 << 20, size: nil, ivTweak: 0, cipher: "aes-xts-plain64",
                                        sectorSize: 512)
        #expect(LUKSVolume.table(device: device, segment: beyond, key: SecretBytes(copying: Self.key)) == nil)
    }

    @Test func wipeSharedClearsEveryCopy() {
        let bytes: [UInt8] = [1, 2, 3, 4]
        let target = DMTarget(start: 0, length: 1, type: "crypt", parameters: bytes)
        SecretBytes.wipeShared(target.parameters)
        #expect(bytes == [0, 0, 0, 0])
    }
}
