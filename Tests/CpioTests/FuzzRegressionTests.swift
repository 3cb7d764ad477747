import Foundation
import Testing
@testable import Cpio

/// Inputs that crashed the `cpio-` fuzz targets (tests/fixtures/fuzz-regressions),
/// replayed through the same code (fuzz/Targets/BinaryTargets.swift), and the hostile
/// ELF fields behind them.
@Suite("cpio fuzz regressions")
struct CpioFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tests/fixtures/fuzz-regressions")

    static let inputs: [String] = ["cpio-module-info", "cpio-layout"].flatMap { target in
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? [])
            .sorted().map { target + "/" + $0 }
    }

    @Test func thereAreSavedInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    /// The first input: a section header whose 64-bit offset overflowed `offset + size`
    /// (a Swift arithmetic-overflow trap in `ModuleInfo(elf:)`).
    @Test(arguments: inputs)
    func replay(_ input: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(input)))
        let text = String(decoding: bytes, as: UTF8.self)
        if input.hasPrefix("cpio-module-info/") {
            _ = ModuleInfo(elf: bytes)
            let modules = KernelModules(modulesDep: text)
            let softdeps = SoftDependencies.table(parsing: text)
            _ = modules.closure(of: Array(modules.paths.keys.sorted().prefix(4)),
                                aliases: KernelModules.aliases(parsing: text),
                                softDependencies: { softdeps[$0] ?? SoftDependencies() })
        } else {
            _ = try? Layout.parse(text, file: input)
        }
    }

    /// Section table, offsets and sizes at the far ends of their 64-bit fields: no
    /// trap, no `.modinfo`.
    @Test(arguments: [(0x28, UInt64.max), (0x28, UInt64(Int.max)), (-1, UInt64.max), (-2, UInt64(Int.max)),
                      (-3, UInt64.max), (-3, UInt64(Int.max) - 10)])
    func hostileFieldsAreRejected(field: Int, value: UInt64) {
        var bytes = ModuleInfoTests.elf(modinfo: ["license=GPL"])
        let table = Int(bytes[0x28]) | Int(bytes[0x29]) << 8
        // -1: the .modinfo section's offset, -2: its size, -3: both.
        let at: [Int] = field >= 0 ? [field] : field == -1 ? [table + 64 + 24] : field == -2 ? [table + 64 + 32]
            : [table + 64 + 24, table + 64 + 32]
        for a in at { for i in 0..<8 { bytes[a + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) } }
        #expect(ModuleInfo(elf: bytes) == nil)
    }
}
