import BootConfig
import Foundation
import Testing

/// Writes minimal PE32+ EFI applications: DOS header, PE signature, COFF header, a
/// 240-byte optional header (subsystem 10), the section table, then each section's
/// data at 512-byte file alignment.
enum UKITestPE {
    static func build(_ sections: [(String, [UInt8])], machine: UInt16 = 0x8664) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 0x40)
        b[0] = 0x4D; b[1] = 0x5A
        put32(&b, 0x3C, 0x40)
        b += [0x50, 0x45, 0, 0]
        var coff = [UInt8](repeating: 0, count: 20)
        put16(&coff, 0, machine)
        put16(&coff, 2, UInt16(sections.count))
        put16(&coff, 16, 240)
        put16(&coff, 18, 0x0206)
        b += coff
        var optional = [UInt8](repeating: 0, count: 240)
        put16(&optional, 0, 0x20B)
        put16(&optional, 68, 10)
        b += optional
        let tableEnd = b.count + sections.count * 40
        var offset = align(tableEnd)
        var data: [UInt8] = []
        for (i, (name, bytes)) in sections.enumerated() {
            var header = [UInt8](repeating: 0, count: 40)
            for (j, c) in name.utf8.prefix(8).enumerated() { header[j] = c }
            put32(&header, 8, UInt32(bytes.count))
            put32(&header, 12, UInt32(0x1000 * (i + 1)))
            put32(&header, 16, UInt32(align(bytes.count)))
            put32(&header, 20, UInt32(offset))
            b += header
            data += bytes + [UInt8](repeating: 0, count: align(bytes.count) - bytes.count)
            offset += align(bytes.count)
        }
        b += [UInt8](repeating: 0, count: align(tableEnd) - tableEnd)
        return b + data
    }

    static let osrel = """
        NAME="Fedora Linux"
        ID=fedora
        VERSION_ID=40
        PRETTY_NAME="Fedora Linux 40 (Workstation Edition)"
        """

    static func uki(kernel: [UInt8] = Array("MZ-kernel".utf8), cmdline: String = "root=/dev/sda2 quiet\0\n",
                    osrel: String = osrel, uname: String? = "6.8.5-301.fc40.x86_64", machine: UInt16 = 0x8664) -> [UInt8] {
        var sections: [(String, [UInt8])] = [(".osrel", Array(osrel.utf8)), (".cmdline", Array(cmdline.utf8))]
        if let uname { sections.append((".uname", Array(uname.utf8))) }
        sections += [(".ucode", [9, 9]), (".initrd", [7, 7, 7]), (".linux", kernel)]
        return build(sections, machine: machine)
    }

    private static func align(_ n: Int) -> Int { (n + 511) / 512 * 512 }
    private static func put16(_ b: inout [UInt8], _ o: Int, _ v: UInt16) {
        b[o] = UInt8(v & 0xFF); b[o + 1] = UInt8(v >> 8)
    }
    private static func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
        for i in 0..<4 { b[o + i] = UInt8((v >> (8 * UInt32(i))) & 0xFF) }
    }
}

@Suite("UKI sections")
struct UKIImageTests {
    @Test func sectionsAreExtracted() throws {
        let image = try UKIImage.sections(of: UKITestPE.uki())
        #expect(Array(image.linux) == Array("MZ-kernel".utf8))
        #expect(image.initrd.map(Array.init) == [7, 7, 7])
        #expect(image.initrds.map(Array.init) == [[9, 9], [7, 7, 7]])
        #expect(image.cmdline == "root=/dev/sda2 quiet")
        #expect(image.uname == "6.8.5-301.fc40.x86_64")
        #expect(image.architecture == "x64")
        #expect(image.name == "Fedora Linux 40 (Workstation Edition)")
        #expect(image.osVersion == "40")
        #expect(image.sortKey == "fedora")
    }

    /// A tree that can only read whole files.
    struct WholeFileTree: FileTree {
        var inner: MemoryTree
        func read(_ path: String) throws(FileTreeError) -> [UInt8] { try inner.read(path) }
        func list(_ path: String) throws(FileTreeError) -> [String] { try inner.list(path) }
        func kind(_ path: String) -> FileKind? { inner.kind(path) }
    }

    @Test func metadataFromPartialReadsEqualsMetadataFromTheWholeFile() throws {
        let tree = MemoryTree(bytes: ["/u.efi": UKITestPE.uki()])
        let partial = try UKIImage.metadata(of: "/u.efi", in: tree)
        let whole = try UKIImage.metadata(of: "/u.efi", in: WholeFileTree(inner: tree))
        #expect(partial == whole)
        #expect(partial == (try UKIImage.sections(of: UKITestPE.uki())).metadata)
        #expect(partial.cmdline == "root=/dev/sda2 quiet")
    }

    @Test func metadataRejectsWhatSectionsRejects() {
        let tree = MemoryTree(bytes: ["/t.efi": Array(UKITestPE.uki().prefix(700)), "/n.efi": UKITestPE.build([(".text", [1])])])
        #expect(throws: PEError.self) { try UKIImage.metadata(of: "/t.efi", in: tree) }
        #expect(throws: PEError.self) { try UKIImage.metadata(of: "/n.efi", in: tree) }
    }

    @Test func osReleaseNameAndVersionFallBacks() throws {
        let image = try UKIImage.sections(of: UKITestPE.uki(osrel: "ID=arch\nIMAGE_ID=\"arch-uki\"\nBUILD_ID=rolling\nIMAGE_VERSION=7\n"))
        #expect(image.name == "arch-uki")
        #expect(image.osVersion == "7")
        #expect(image.sortKey == "arch-uki")
    }

    @Test func osReleaseQuotingAndComments() {
        let values = OSRelease.parse("# comment\nA=\"x \\\"y\\\" \\\\z\"\nB='single $quoted'\nC=plain\nnot a line\n")
        #expect(values == ["A": "x \"y\" \\z", "B": "single $quoted", "C": "plain"])
    }

    @Test func aPEFileWithoutLinuxSectionIsNotAUKI() {
        #expect(throws: PEError.self) { try UKIImage.sections(of: UKITestPE.build([(".text", [1, 2, 3])])) }
    }

    @Test(arguments: [
        ("empty", [UInt8]()),
        ("no MZ", [UInt8](repeating: 0x41, count: 0x200)),
    ])
    func garbageIsRejected(_ name: String, _ bytes: [UInt8]) {
        #expect(throws: PEError.self) { try PEFile(bytes: bytes) }
    }

    @Test func peOffsetPastTheEndIsRejected() {
        var bytes = UKITestPE.uki()
        bytes[0x3C] = 0xF0; bytes[0x3D] = 0xFF; bytes[0x3E] = 0xFF; bytes[0x3F] = 0x7F
        #expect(throws: PEError.self) { try PEFile(bytes: bytes) }
    }

    @Test func sectionDataPastTheEndIsRejected() {
        var bytes = UKITestPE.uki()
        let firstSection = 0x40 + 24 + 240
        bytes[firstSection + 20] = 0xFF; bytes[firstSection + 21] = 0xFF; bytes[firstSection + 22] = 0xFF
        #expect(throws: PEError.self) { try PEFile(bytes: bytes) }
    }

    @Test func tooManySectionsAreRejected() {
        var bytes = UKITestPE.uki()
        bytes[0x46] = 0xFF; bytes[0x47] = 0xFF
        #expect(throws: PEError.self) { try PEFile(bytes: bytes) }
    }

    /// Random byte changes in the headers: every result either parses (with section
    /// ranges inside the file) or throws; nothing traps.
    @Test func corruptedHeadersNeverTrap() {
        let original = UKITestPE.uki()
        var state: UInt64 = 0xD1B5_4A32_D192_ED03
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % 1_000_000_007)
        }
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<(1 + next() % 4) {
                bytes[next() % 0x300] = UInt8(truncatingIfNeeded: next())
            }
            if let pe = try? PEFile(bytes: bytes) {
                #expect(pe.sections.allSatisfy { $0.range.upperBound <= bytes.count })
            }
            _ = try? UKIImage.sections(of: bytes)
        }
    }

    @Test func everyTruncationEitherParsesOrThrows() {
        let bytes = UKITestPE.uki()
        var rejected = 0
        for n in 0..<bytes.count where (try? UKIImage.sections(of: Array(bytes.prefix(n)))) == nil {
            rejected += 1
        }
        // Only the complete file (and prefixes that still hold every section) parse.
        #expect(rejected > bytes.count / 2)
    }
}

@Suite("UKI source")
struct UKISourceTests {
    private func scan(_ files: [String: [UInt8]], architecture: String = "x64") -> ConfigMenu? {
        let v = Volume(name: "esp", tree: MemoryTree(bytes: files), grubDevice: "hd0")
        return UKISource.scan(volume: v, context: ScanContext(volumes: [v], architecture: architecture))
    }

    @Test func ukisBecomeEntriesBootedAsUKIs() throws {
        let menu = try #require(scan(["/EFI/Linux/fedora-6.8.5.efi": UKITestPE.uki()]))
        let e = try #require(menu.entries.first)
        #expect(e.title == "Fedora Linux 40 (Workstation Edition)")
        #expect(e.id == "fedora-6.8.5")
        #expect(e.source == .uki)
        #expect(e.kernelFormat == .uki)
        #expect(e.kernel == "/EFI/Linux/fedora-6.8.5.efi")
        #expect(e.cmdline == "root=/dev/sda2 quiet")
        #expect(menu.timeout == 0)
    }

    @Test func malformedFilesAreReportedNeverTrusted() throws {
        let menu = try #require(scan([
            "/EFI/Linux/good.efi": UKITestPE.uki(), "/EFI/Linux/broken.efi": Array(UKITestPE.uki().prefix(300)),
        ]))
        #expect(menu.entries.map(\.id) == ["good"])
        #expect(menu.errors.map(\.config) == ["/EFI/Linux/broken.efi"])
    }

    @Test func directoryNamesIgnoreCaseAsOnFAT() throws {
        let menu = try #require(scan(["/efi/linux/a.EFI": UKITestPE.uki()]))
        #expect(menu.entries.first?.kernel == "/efi/linux/a.EFI")
    }

    @Test func foreignArchitecturesAreSkipped() throws {
        let menu = scan(["/EFI/Linux/arm.efi": UKITestPE.uki(machine: 0xAA64)])
        #expect(menu == nil)
        #expect(scan(["/EFI/Linux/arm.efi": UKITestPE.uki(machine: 0xAA64)], architecture: "aa64")?.entries.count == 1)
    }

    @Test func orderCountingAndTitles() throws {
        let menu = try #require(scan([
            "/EFI/Linux/fedora-6.8.5+0-3.efi": UKITestPE.uki(uname: "6.8.5"),
            "/EFI/Linux/fedora-6.8.9+2-1.efi": UKITestPE.uki(uname: "6.8.9"),
            "/EFI/Linux/fedora-6.7.1.efi": UKITestPE.uki(uname: "6.7.1"),
            "/loader/loader.conf": Array("default fedora-6.7*\ntimeout 5\n".utf8),
        ]))
        #expect(menu.entries.map(\.title) == ["Fedora Linux 40 (Workstation Edition) (6.8.9)",
                                              "Fedora Linux 40 (Workstation Edition) (6.7.1)",
                                              "Fedora Linux 40 (Workstation Edition) (6.8.5)"])
        #expect(menu.entries.map(\.isBad) == [false, false, true])
        #expect(menu.entries[0].writes == [.renameEntry(volume: "esp", from: "/EFI/Linux/fedora-6.8.9+2-1.efi",
                                                        to: "/EFI/Linux/fedora-6.8.9+1-2.efi")])
        #expect(menu.defaultIndex == 1)
        #expect(menu.timeout == 5)
    }

    @Test func volumesWithoutUKIsGiveNoMenu() {
        #expect(scan(["/EFI/BOOT/BOOTX64.EFI": [1]]) == nil)
    }
}

/// A UKI built by scripts/gen-uki (objcopy onto Debian's systemd-boot stub) reads back.
@Suite("UKI from scripts/gen-uki")
struct UKIGeneratedTests {
    static var available: Bool {
        let fm = FileManager.default
        let stub = SysblsFixtures.repoRoot.appendingPathComponent("cache/systemd-boot-efi/root/usr/lib/systemd/boot/efi/linuxx64.efi.stub")
        return fm.isExecutableFile(atPath: "/usr/bin/objcopy")
            && (fm.fileExists(atPath: stub.path) || fm.isExecutableFile(atPath: "/usr/bin/apt-get"))
    }

    @Test(.enabled(if: available))
    func stubWithSectionsReadsBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sysbls-uki-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kernel = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let initrd = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 13) }
        try Data(kernel).write(to: dir.appendingPathComponent("vmlinuz"))
        try Data(initrd).write(to: dir.appendingPathComponent("initrd"))
        let out = dir.appendingPathComponent("test.efi")
        let process = Process()
        process.executableURL = SysblsFixtures.repoRoot.appendingPathComponent("scripts/gen-uki")
        process.arguments = ["--kernel", dir.appendingPathComponent("vmlinuz").path,
                             "--initrd", dir.appendingPathComponent("initrd").path,
                             "--cmdline", "console=ttyS0 quiet", "--uname", "6.1.0-test", "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let image = try UKIImage.sections(of: [UInt8](try Data(contentsOf: out)))
        #expect(Array(image.linux) == kernel)
        #expect(image.initrd.map(Array.init) == initrd)
        #expect(image.cmdline == "console=ttyS0 quiet")
        #expect(image.uname == "6.1.0-test")
        #expect(image.name == "swiftboot test UKI")
        #expect(image.architecture == "x64")
    }
}
