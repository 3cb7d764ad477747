import Foundation
import Testing
@testable import Devices

/// LVM2 metadata written by Debian's lvm2 in the builder VM (tests/fixtures/lvm, remade by
/// its make-fixtures): three PVs of the VG "fix-vg"; the expected tables are those
/// `dmsetup table` printed while lvm2 had the LVs active (tests/fixtures/lvm/report.txt:
/// vda 254:0, vdb 254:16, vdc 254:32).
struct LVMTests {
    static func pv(_ n: Int) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tests/fixtures/lvm/pv\(n).bin")
        return [UInt8](try Data(contentsOf: url))
    }

    static let devices = ["254:0", "254:16", "254:32"]

    /// Label, metadata location, checked text and volume group of PV `n`.
    static func read(_ n: Int) throws -> (LVMLabel, LVMVolumeGroup) {
        let bytes = try pv(n)
        let label = try LVMLabel.parse(Array(bytes[0..<2048]))
        let area = try #require(label.metadataAreas.first)
        let location = try LVMLabel.textLocation(header: Array(bytes[Int(area.offset)..<Int(area.offset) + 512]), area: area)
        var text: [UInt8] = []
        for r in location.ranges { text += bytes[Int(r.offset)..<Int(r.offset + r.size)] }
        try LVMLabel.verify(text, location)
        return (label, try LVMVolumeGroup.parse(LVMConfigSection.parse(text)))
    }

    static func uuidMap(_ present: [Int]) throws -> [String: String] {
        var map: [String: String] = [:]
        for n in present { map[try read(n).0.pvUUID] = devices[n] }
        return map
    }

    static func table(_ plan: LVMPlan, _ name: String) -> [String]? {
        plan.volumes.first { $0.fullName == "fix-vg/" + name }?.table?.map(\.description)
    }

    static func refusal(_ plan: LVMPlan, _ name: String) -> String? {
        plan.volumes.first { $0.fullName == "fix-vg/" + name }?.refusal
    }

    @Test func labelsOfTheThreePVs() throws {
        let uuids = ["SScv5M-YHjR-5Rcr-WqzD-cMRR-hkPX-5zIBoZ", "dLqMg6-Nx26-E1vq-6TVu-AfsR-Pp2d-eQsY4c",
                     "uXGQeT-cBLB-Wj70-tUbx-QQc0-EML1-BS2MG0"]
        for n in 0..<3 {
            let (label, vg) = try Self.read(n)
            #expect(label.sector == 1)
            #expect(label.pvUUIDText == uuids[n])
            #expect(label.deviceSize == 24 * 1024 * 1024)
            #expect(label.dataAreas == [.init(offset: 1024 * 1024, size: 0)])
            #expect(label.metadataAreas.first?.offset == 4096)
            #expect(vg.name == "fix-vg" && vg.uuid == "Ch3IzfYftdZCcK5rNjXuU7jd6SYCBBjl")
            #expect(vg.seqno == 12)
            #expect(vg.extentSize == 2048)
            #expect(vg.physicalVolumes.map(\.uuid) == uuids.map { String($0.filter { $0 != "-" }) })
            #expect(vg.physicalVolumes.allSatisfy { $0.peStart == 2048 && $0.peCount == 23 && !$0.missing })
        }
    }

    @Test func segmentsAsLVMWroteThem() throws {
        let vg = try Self.read(0).1
        let lin = try #require(vg.logicalVolumes.first { $0.name == "lin" })
        #expect(lin.visible && lin.extentCount == 6)
        #expect(lin.segments.map(\.areas) == [[.physical(pv: "pv0", extent: 0)], [.physical(pv: "pv2", extent: 13)]])
        let str = try #require(vg.logicalVolumes.first { $0.name == "str" })
        #expect(str.segments.first?.stripeSize == 128)
        let mir = try #require(vg.logicalVolumes.first { $0.name == "mir" })
        #expect(mir.segments.first?.type == "raid1")
        #expect(mir.segments.first?.areas == [.logical(lv: "mir_rimage_0", extent: 0), .logical(lv: "mir_rimage_1", extent: 0)])
        #expect(vg.logicalVolumes.first { $0.name == "mir_rimage_0" }?.visible == false)
    }

    @Test func tablesAreThoseLVMLoaded() throws {
        let (_, vg) = try Self.read(1)
        let plan = LVMPlan.plan(vg, devices: try Self.uuidMap([0, 1, 2]))
        // dmsetup table, report.txt.
        #expect(Self.table(plan, "lin") == ["0 8192 linear 254:0 2048", "8192 4096 linear 254:32 28672"])
        #expect(Self.table(plan, "str") == ["0 16384 striped 2 128 254:0 10240 254:16 2048"])
        #expect(Self.table(plan, "my-lv") == ["0 4096 linear 254:16 20480"])
        // Through the first leg: fix--vg-mir_rimage_0's table.
        #expect(Self.table(plan, "mir") == ["0 8192 linear 254:16 12288"])
        #expect(Self.refusal(plan, "thin")?.containsText("thin LV: not supported") == true)
        #expect(Self.refusal(plan, "pool")?.containsText("thin pool: not supported") == true)
        // Hidden sub-LVs are not offered.
        #expect(plan.volumes.map(\.fullName).sorted() == ["fix-vg/lin", "fix-vg/mir", "fix-vg/my-lv", "fix-vg/pool",
                                                           "fix-vg/str", "fix-vg/thin"])
        let myLV = try #require(plan.volumes.first { $0.fullName == "fix-vg/my-lv" })
        #expect(myLV.dmName == "fix--vg-my--lv")
        #expect(myLV.dmUUID == "LVM-Ch3IzfYftdZCcK5rNjXuU7jd6SYCBBjlL7422hOUfTNuLtwAuQdMSdZbYpYEysy3")
    }

    @Test func aMissingPVLeavesOutOnlyTheLVsOnIt() throws {
        let vg = try Self.read(0).1
        let withoutB = LVMPlan.plan(vg, devices: try Self.uuidMap([0, 2]))
        #expect(Self.table(withoutB, "lin") != nil)
        // The raid1 is read through its other leg.
        #expect(Self.table(withoutB, "mir") == ["0 8192 linear 254:32 4096"])
        #expect(Self.refusal(withoutB, "str")?.containsText("dLqMg6-Nx26-E1vq-6TVu-AfsR-Pp2d-eQsY4c (pv1, last seen as /dev/vdb) is missing") == true)
        #expect(Self.refusal(withoutB, "my-lv") != nil)
        let onlyA = LVMPlan.plan(vg, devices: try Self.uuidMap([0]))
        #expect(Self.refusal(onlyA, "lin") != nil)
        #expect(Self.refusal(onlyA, "mir")?.containsText("no complete raid1 leg") == true)
    }

    @Test func metadataWrappingAroundTheBuffer() throws {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ v: UInt64, _ at: Int, _ n: Int) { for i in 0..<n { header[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i))) } }
        header.replaceSubrange(4..<20, with: Array(" LVM2 x[5A%r0N*>".utf8))
        put(1, 20, 4); put(4096, 24, 8); put(8192, 32, 8)
        put(8000, 40, 8); put(500, 48, 8); put(0x1234, 56, 4)
        put(UInt64(LVMLabel.crc(header[4...])), 0, 4)
        let location = try LVMLabel.textLocation(header: header, area: .init(offset: 4096, size: 8192))
        #expect(location.ranges.map(\.offset) == [4096 + 8000, 4096 + 512])
        #expect(location.ranges.map(\.size) == [192, 308])
        header[100] ^= 1
        #expect(throws: LVMLabel.ParseError.self) { try LVMLabel.textLocation(header: header, area: .init(offset: 4096, size: 8192)) }
    }

    @Test func damagedLabelAndTextAreRefused() throws {
        var bytes = try Self.pv(0)
        bytes[512 + 40] ^= 0x20
        #expect(throws: LVMLabel.ParseError.self) { try LVMLabel.parse(Array(bytes[0..<2048])) }
        #expect(throws: LVMLabel.ParseError.noLabel) { try LVMLabel.parse([UInt8](repeating: 0, count: 2048)) }
        let location = LVMLabel.TextLocation(ranges: [], size: 3, checksum: 1)
        #expect(throws: LVMLabel.ParseError.self) { try LVMLabel.verify(Array("abc".utf8), location) }
    }

    @Test func configSyntax() throws {
        let text = """
        # comment
        vg {
        \tname = "a \\"quoted\\" \\\\ name" # trailing
        \tlist = [ "x", 1,
        \t  "y", -2 ]
        \tempty = []
        \tsub { n = 3 }
        }
        version = 1
        """
        let config = try LVMConfigSection.parse(Array(text.utf8) + [0, 0])
        let vg = try #require(config.section("vg"))
        #expect(vg.string("name") == "a \"quoted\" \\ name")
        #expect(vg.array("list") == [.string("x"), .number(1), .string("y"), .number(-2)])
        #expect(vg.array("empty") == [])
        #expect(vg.section("sub")?.number("n") == 3)
        #expect(config.number("version") == 1)
        for bad in ["vg {", "a = ", "a = \"open", "}", "a = [1 2]", "a b"] {
            #expect(throws: LVMConfigSection.ParseError.self) { try LVMConfigSection.parse(Array(bad.utf8)) }
        }
    }

    @Test func grubNamesOnlyLVMDevices() throws {
        let sysfs = FileManager.default.temporaryDirectory.appendingPathComponent("lvm-sysfs-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: sysfs) }
        for (name, uuid, dm) in [("dm-0", "LVM-Ch3IzfYftdZCcK5rNjXuU7jd6SYCBBjlL7422hOUfTNuLtwAuQdMSdZbYpYEysy3", "fix--vg-my--lv"),
                                 ("dm-1", "CRYPT-LUKS2-0123-luks", "luks-0123")] {
            let dir = "\(sysfs)/class/block/\(name)/dm"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try (uuid + "\n").write(toFile: dir + "/uuid", atomically: false, encoding: .utf8)
            try (dm + "\n").write(toFile: dir + "/name", atomically: false, encoding: .utf8)
        }
        #expect(LVMActivation.grubName(of: BlockDevice(name: "dm-0", size: 1), sysfs: sysfs) == "lvm/fix--vg-my--lv")
        #expect(LVMActivation.grubName(of: BlockDevice(name: "dm-1", size: 1), sysfs: sysfs) == nil)
        #expect(LVMActivation.grubName(of: BlockDevice(name: "vda", size: 1), sysfs: sysfs) == nil)
    }
}
