import BootConfig
import Cpio
import Testing
@testable import Measure

@Suite struct AuthenticodeTests {
    func sample() -> PEBuilder {
        var pe = PEBuilder()
        pe.sections = [(".text", [UInt8](repeating: 0xC3, count: 700), nil), (".data", Array("data".utf8), nil)]
        pe.trailing = Array("appended".utf8)
        pe.certificate = [UInt8](repeating: 0x30, count: 16)
        return pe
    }

    /// The digest is SHA-256 over the headers less CheckSum and the certificate entry,
    /// the sections, and the appended data less the certificate table.
    @Test func coversHeadersSectionsAndTrailingData() throws {
        let image = sample().build()
        let c = PEBuilder.checksumOffset, e = PEBuilder.certificateEntry
        var expected = Array(image[0..<c]) + Array(image[(c + 4)..<e]) + Array(image[(e + 8)..<PEBuilder.sizeOfHeaders])
        expected += Array(image[0x400..<0x800]) + Array(image[0x800..<0xA00]) + Array("appended".utf8)
        #expect(try Authenticode.digest(image, algorithm: .sha256) == HashAlgorithm.sha256.digest(expected))
        #expect(try Authenticode.digest(image, algorithm: .sha1) == HashAlgorithm.sha1.digest(expected))
    }

    @Test func ignoresChecksumAndSignatureButNotCode() throws {
        let base = try Authenticode.digest(sample().build(), algorithm: .sha256)
        var other = sample()
        other.checksum = 0xFFFF_FFFF
        other.certificate = [UInt8](repeating: 0x31, count: 16)
        #expect(try Authenticode.digest(other.build(), algorithm: .sha256) == base)
        var changed = sample()
        changed.sections[1].data[0] ^= 1
        #expect(try Authenticode.digest(changed.build(), algorithm: .sha256) != base)
    }

    @Test func sectionsInFileOrder() throws {
        // The section table lists .data (at 0x800) before .text (at 0x400): the digest
        // still hashes .text first, in PointerToRawData order.
        var image = sample().build()
        let table = PEBuilder.optional + 240
        let first = Array(image[table..<(table + 40)])
        image.replaceSubrange(table..<(table + 40), with: image[(table + 40)..<(table + 80)])
        image.replaceSubrange((table + 40)..<(table + 80), with: first)
        let c = PEBuilder.checksumOffset, e = PEBuilder.certificateEntry
        var expected = Array(image[0..<c]) + Array(image[(c + 4)..<e]) + Array(image[(e + 8)..<PEBuilder.sizeOfHeaders])
        expected += Array(image[0x400..<0x800]) + Array(image[0x800..<0xA00]) + Array("appended".utf8)
        #expect(try Authenticode.digest(image, algorithm: .sha256) == HashAlgorithm.sha256.digest(expected))
        var tableOrder = Array(image[0..<c]) + Array(image[(c + 4)..<e]) + Array(image[(e + 8)..<PEBuilder.sizeOfHeaders])
        tableOrder += Array(image[0x800..<0xA00]) + Array(image[0x400..<0x800]) + Array("appended".utf8)
        #expect(try Authenticode.digest(image, algorithm: .sha256) != HashAlgorithm.sha256.digest(tableOrder))
    }

    @Test func rejectsTruncatedImages() {
        let image = sample().build()
        #expect(throws: PEError.self) { try Authenticode.digest(Array(image.prefix(0x500)), algorithm: .sha256) }
        #expect(throws: PEError.self) { try Authenticode.digest(Array(image.prefix(0x90)), algorithm: .sha256) }
        #expect(throws: PEError.self) { try Authenticode.digest(Array("not a PE".utf8), algorithm: .sha256) }
    }
}

@Suite struct UKIMeasurementTests {
    func uki(stub: String) -> [UInt8] {
        var pe = PEBuilder()
        pe.sections = [
            (".sdmagic", Array("#### LoaderInfo: systemd-stub \(stub) ####".utf8) + [0], nil),
            (".osrel", Array("ID=test\n".utf8), nil),
            (".uname", Array("6.1.0".utf8), nil),
            (".linux", [UInt8](repeating: 0x4C, count: 600), nil),
            (".cmdline", Array("quiet".utf8), 8),            // VirtualSize past the data: zero-filled
            (".pcrsig", Array("{}".utf8), nil),
        ]
        return pe.build()
    }

    @Test func stub252OrderAndSet() throws {
        let image = uki(stub: "252.39-1~deb12u2")
        #expect(UKIMeasurement.stubVersion(image, pe: try PEFile(bytes: image)) == 252)
        let sections = try UKIMeasurement.sections(of: image)
        #expect(sections.map(\.name) == [".linux", ".osrel", ".cmdline"])
        #expect(sections[2].contents == Array("quiet".utf8) + [0, 0, 0])
        #expect(sections[0].contents == [UInt8](repeating: 0x4C, count: 600))
    }

    @Test func newerStubsMeasureUname() throws {
        #expect(try UKIMeasurement.sections(of: uki(stub: "256.1")).map(\.name) == [".linux", ".osrel", ".cmdline", ".uname"])
    }

    /// PCR 11 from zero by the rules (name with NUL, then contents), replayed from the
    /// measurements the plan makes.
    @Test func planExtendsNameThenContents() throws {
        let image = uki(stub: "252")
        let plan = BootMeasurements.plan(kernelFile: image, kernelName: "esp:/EFI/Linux/t.efi", isUKI: true, initrd: nil,
                                         cmdline: "quiet", banks: [.sha256, .sm3_256])
        #expect(plan.notes.isEmpty)
        let pcr11 = plan.measurements.filter { $0.pcr == 11 }
        #expect(pcr11.count == 6)
        var expected = [UInt8](repeating: 0, count: 32)
        for (name, contents) in [(".linux", [UInt8](repeating: 0x4C, count: 600)), (".osrel", Array("ID=test\n".utf8)),
                                 (".cmdline", Array("quiet".utf8) + [0, 0, 0])] {
            expected = PCRValue.extend(expected, with: HashAlgorithm.sha256.digest(Array(name.utf8) + [0])!, algorithm: .sha256)!
            expected = PCRValue.extend(expected, with: HashAlgorithm.sha256.digest(contents)!, algorithm: .sha256)!
        }
        var replayed = [UInt8](repeating: 0, count: 32)
        for m in pcr11 {
            #expect(m.digests.map(\.0) == [.sha256])            // SM3: not computed
            replayed = PCRValue.extend(replayed, with: m.digests[0].1, algorithm: .sha256)!
        }
        #expect(replayed == expected)
        // The UKI's own command line: no PCR 12 (systemd-boot passes no load options).
        #expect(!plan.measurements.contains { $0.pcr == 12 })
        #expect(plan.measurements.first?.pcr == 4)
        #expect(plan.measurements.first?.digests[0].1 == (try Authenticode.digest(image, algorithm: .sha256)))
    }
}

@Suite struct BootMeasurementTests {
    @Test func typeOneEntry() throws {
        var pe = PEBuilder()
        pe.sections = [(".text", [1, 2, 3], nil)]
        let kernel = pe.build()
        let plan = BootMeasurements.plan(kernelFile: kernel, kernelName: "fs:/vmlinuz", isUKI: false, initrd: [9, 9, 9],
                                         cmdline: "root=/dev/sda é", banks: [.sha1, .sha256])
        #expect(plan.measurements.map(\.pcr) == [4, 12, 9])
        let options = plan.measurements[1]
        let utf16: [UInt8] = Array("root=/dev/sda ".utf8).flatMap { [$0, 0] } + [0xE9, 0x00, 0, 0]
        #expect(options.eventData == utf16)
        #expect(options.digests.map(\.1) == [SHA1.digest(utf16), HashAlgorithm.sha256.digest(utf16)!])
        #expect(plan.measurements[2].digests[1].1 == HashAlgorithm.sha256.digest([9, 9, 9]))
        #expect(plan.measurements[2].eventType == Measurement.evEventTag)
    }

    @Test func notAPEKernelIsANote() {
        let plan = BootMeasurements.plan(kernelFile: [0x1F, 0x8B, 0, 0], kernelName: "fs:/Image.gz", isUKI: false, initrd: nil,
                                         cmdline: "x", banks: [.sha256])
        #expect(plan.measurements.map(\.pcr) == [12])
        #expect(plan.notes.count == 1)
    }

    @Test func eventLogLayout() {
        var log = EventLog(banks: [.sha1, .sha256])
        let header = "00000000" + "03000000" + String(repeating: "00", count: 20) + "25000000"
            + hex(Array("Spec ID Event03".utf8)) + "00" + "00000000" + "00020002" + "02000000"
            + "0400" + "1400" + "0b00" + "2000" + "00"
        #expect(hex(log.bytes) == header)
        log.append(Measurement(pcr: 9, eventType: Measurement.evEventTag, eventData: [0xAA],
                               digests: [(.sha256, [UInt8](repeating: 0x22, count: 32))], what: "t"))
        #expect(hex(Array(log.bytes[(header.count / 2)...])) ==
            "09000000" + "06000000" + "01000000" + "0b00" + String(repeating: "22", count: 32) + "01000000" + "aa")
    }
}
