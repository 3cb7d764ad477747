import Testing
@testable import Kexec

@Suite struct SetupHeaderTests {
    @Test func readsTheFieldsOfA64BitBzImage() throws {
        let h = try SetupHeader.parse(Fixtures.bzImage())
        #expect(h.setupSects == 3)
        #expect(h.payloadOffset == 2048)
        #expect(h.version == 0x020F)
        #expect(h.has64BitEntry && h.canLoadAbove4G && h.relocatable)
        #expect(h.kernelAlignment == 0x20_0000)
        #expect(h.prefAddress == 0x100_0000)
        #expect(h.initSize == 0x40_0000)
        #expect(h.cmdlineSize == 2047)
        #expect(h.initrdAddrMax == 0x7FFF_FFFF)
        #expect(h.headerEnd == 0x268)
    }

    @Test func zeroSetupSectorsMeansFour() throws {
        #expect(try SetupHeader.parse(Fixtures.bzImage(setupSects: 0)).payloadOffset == 5 * 512)
    }

    @Test func rejectsAFileWithoutHdrS() {
        var f = Fixtures.bzImage()
        f[0x202] = 0x58
        #expect(throws: SetupHeader.ParseError.self) { try SetupHeader.parse(f) }
    }

    @Test func rejectsProtocolsBefore2_12() {
        #expect(throws: SetupHeader.ParseError.self) { try SetupHeader.parse(Fixtures.bzImage(version: 0x020A)) }
    }

    @Test func rejectsAKernelWithout64BitEntry() {
        #expect(throws: SetupHeader.ParseError.self) { try SetupHeader.parse(Fixtures.bzImage(xloadFlags: 0)) }
    }

    @Test func rejectsATruncatedKernel() {
        let f = Array(Fixtures.bzImage().prefix(2048))
        #expect(throws: SetupHeader.ParseError.self) { try SetupHeader.parse(f) }
    }

    @Test func acceptsTheHeadOfAFileWhenGivenItsSize() throws {
        let f = Fixtures.bzImage(payload: 100_000)
        #expect(try SetupHeader.parse(Array(f.prefix(0x1000)), fileSize: f.count).payloadOffset == 2048)
    }
}
