import Foundation
import Testing
@testable import Devices

/// Inputs that crashed the storage fuzz targets (tests/fixtures/fuzz-regressions/md-…),
/// replayed through the same steps as fuzz/Targets/StorageTargets.swift, and the hostile
/// fields behind them.
@Suite("storage fuzz regressions")
struct StorageFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tests/fixtures/fuzz-regressions")

    static let inputs: [String] = ["md-superblock"].flatMap { target in
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? [])
            .sorted().filter { !$0.hasSuffix(".md") }.map { target + "/" + $0 }
    }

    @Test func thereAreSavedInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    /// The first: a 1.x superblock with a valid checksum and a data offset of 2^63
    /// sectors (a Swift arithmetic-overflow trap in `MDSuperblock.parse` when turned
    /// into bytes).
    @Test(arguments: inputs)
    func replay(_ input: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(input)))
        var members: [MDArrayPlan.Member] = []
        var start = 0
        while start < bytes.count && members.count < 4 {
            let block = Array(bytes[start..<min(start + 4096, bytes.count)])
            for version in MDSuperblock.Version.all {
                if let sb = try? MDSuperblock.parse(block, version: version) {
                    members.append(.init(node: "/dev/fuzz\(members.count)", superblock: sb))
                }
            }
            start += 4096
        }
        _ = MDArrayPlan.plan(members)
    }

    /// Each 1.x sector count at its far end, the checksum made right again: refused with
    /// the field named, never a trap.
    @Test(arguments: [(128, "data offset"), (136, "data size"), (80, "used size")])
    func sectorCountsBeyondAnyDeviceAreRefused(offset: Int, field: String) throws {
        var block = try MDSuperblockTests.block("1.2", 0)
        for i in 0..<8 { block[offset + i] = 0xFF }
        let maxDev = Int(UInt32(block[220]) | UInt32(block[221]) << 8 | UInt32(block[222]) << 16 | UInt32(block[223]) << 24)
        let sum = MDSuperblock.checksum1(block, length: 256 + min(maxDev, 1920) * 2)
        for i in 0..<4 { block[216 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt32(i))) }
        #expect(throws: MDSuperblock.ParseError.sectorsOutOfRange(field: field, sectors: UInt64.max)) {
            try MDSuperblock.parse(block, version: .v12)
        }
    }
}
