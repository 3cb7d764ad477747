import Foundation
import Testing
@testable import Devices

/// md superblocks written by Debian's mdadm in the builder VM (tests/fixtures/md, remade by
/// its make-fixtures): a two-disk RAID1 per metadata version on 8 MiB members; the
/// expected values are those of mdadm --examine (tests/fixtures/md/examine.txt).
struct MDSuperblockTests {
    static let deviceSize: UInt64 = 8 * 1024 * 1024

    static func block(_ version: String, _ disk: Int) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tests/fixtures/md/v\(version)-d\(disk).sb")
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func offsetsFollowTheFormats() {
        let size = Self.deviceSize
        #expect(MDSuperblock.Version.v090.offset(deviceSize: size) == size - 65536)
        #expect(MDSuperblock.Version.v090.offset(deviceSize: size + 1000) == size - 65536)
        #expect(MDSuperblock.Version.v10.offset(deviceSize: size) == 16368 * 512)  // mdadm: Super Offset
        #expect(MDSuperblock.Version.v10.offset(deviceSize: size + 1000) == 16368 * 512)
        #expect(MDSuperblock.Version.v11.offset(deviceSize: size) == 0)
        #expect(MDSuperblock.Version.v12.offset(deviceSize: size) == 8 * 512)
        #expect(MDSuperblock.Version.v090.offset(deviceSize: 60000) == nil)
    }

    @Test func version090() throws {
        let a = try MDSuperblock.parse(Self.block("0.90", 0), version: .v090)
        let b = try MDSuperblock.parse(Self.block("0.90", 1), version: .v090)
        #expect(a.uuidText == "feb303b2:7cde5361:3d186b3c:53958f34")
        #expect(b.arrayUUID == a.arrayUUID)
        #expect(a.level == 1 && a.raidDisks == 2)
        #expect(a.role == .active(0) && b.role == .active(1))
        #expect(a.events == 18)
        #expect(a.dataOffset == 0 && a.dataSize == 8128 * 1024)
        #expect(a.clean)
        #expect(a.personalityModule == "raid1")
    }

    @Test(arguments: [
        ("1.0", MDSuperblock.Version.v10, "9e6af2a5:0b81b85a:407fb685:757a6063", "(none):fix2", UInt64(17),
         UInt64(0), UInt64(16352), UInt64(16256)),
        ("1.1", MDSuperblock.Version.v11, "ba238f57:53b0d42f:d8b6703a:df0a6bd1", "(none):fix4", UInt64(15),
         UInt64(2048), UInt64(14336), UInt64(14336)),
        ("1.2", MDSuperblock.Version.v12, "7eca2c45:9c79dcc5:3889c198:e54195e1", "(none):fix6", UInt64(15),
         UInt64(2048), UInt64(14336), UInt64(14336)),
    ])
    func version1(name: String, version: MDSuperblock.Version, uuid: String, arrayName: String, events: UInt64,
                  offsetSectors: UInt64, availSectors: UInt64, usedSectors: UInt64) throws {
        let a = try MDSuperblock.parse(Self.block(name, 0), version: version)
        let b = try MDSuperblock.parse(Self.block(name, 1), version: version)
        #expect(a.version == version)
        #expect(a.uuidText == uuid && b.uuidText == uuid)
        #expect(a.name == arrayName)
        #expect(a.level == 1 && a.raidDisks == 2)
        #expect(a.role == .active(0) && b.role == .active(1))
        #expect(a.events == events)
        #expect(a.dataOffset == offsetSectors * 512)
        #expect(a.dataSize == availSectors * 512)
        #expect(a.usedSize == usedSectors * 512)
        #expect(a.clean && a.reshapePosition == nil)
    }

    @Test func aFlippedByteFailsTheChecksum() throws {
        var block = try Self.block("1.2", 0)
        block[100] ^= 1
        #expect(throws: MDSuperblock.ParseError.self) { try MDSuperblock.parse(block, version: .v12) }
        var old = try Self.block("0.90", 0)
        old[2000] ^= 1
        #expect(throws: MDSuperblock.ParseError.self) { try MDSuperblock.parse(old, version: .v090) }
    }

    @Test func theWrongVersionOrNoSuperblockIsRefused() throws {
        #expect(throws: MDSuperblock.ParseError.badMagic(0)) {
            try MDSuperblock.parse([UInt8](repeating: 0, count: 4096), version: .v12)
        }
        // A 0.90 block read as 1.x: the magic matches, the major version does not.
        #expect(throws: MDSuperblock.ParseError.unsupportedVersion(0)) {
            try MDSuperblock.parse(Self.block("0.90", 0), version: .v11)
        }
    }

    @Test func planGroupsByUUIDAndStartsADegradedMirror() throws {
        let a = try MDSuperblock.parse(Self.block("1.2", 0), version: .v12)
        let b = try MDSuperblock.parse(Self.block("1.2", 1), version: .v12)
        let c = try MDSuperblock.parse(Self.block("1.0", 1), version: .v10)
        let plans = MDArrayPlan.plan([.init(node: "/dev/vdb1", superblock: b), .init(node: "/dev/vdc", superblock: c),
                                      .init(node: "/dev/vda1", superblock: a)])
        #expect(plans.count == 2)
        #expect(plans[0].uuid == "7eca2c45:9c79dcc5:3889c198:e54195e1")
        #expect(plans[0].members.map(\.node) == ["/dev/vda1", "/dev/vdb1"])  // slot order
        #expect(plans[0].refusal == nil && plans[0].missingSlots == 0)
        #expect(plans[1].members.map(\.node) == ["/dev/vdc"])
        #expect(plans[1].missingSlots == 1 && plans[1].refusal == nil)  // RAID1 with one half
    }

    @Test func planLeavesOutStaleMembersAndRefusesTooFew() throws {
        let a = try MDSuperblock.parse(Self.block("1.2", 0), version: .v12)
        var b = try MDSuperblock.parse(Self.block("1.2", 1), version: .v12)
        b.events -= 3
        let plan = MDArrayPlan.plan([.init(node: "/dev/sda1", superblock: a), .init(node: "/dev/sdb1", superblock: b)])[0]
        #expect(plan.members.map(\.node) == ["/dev/sda1"])
        #expect(plan.leftOut.map(\.node) == ["/dev/sdb1"])
        var stripe = a
        stripe.level = 0
        let raid0 = MDArrayPlan.plan([.init(node: "/dev/sda1", superblock: stripe)])[0]
        #expect(raid0.refusal == "1 of 2 members missing")
        var reshaping = a
        reshaping.reshapePosition = 100
        #expect(MDArrayPlan.plan([.init(node: "/dev/sda1", superblock: reshaping)])[0].refusal != nil)
    }
}
