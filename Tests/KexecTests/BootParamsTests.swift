import Testing
@testable import Kexec

@Suite struct BootParamsTests {
    let file = Fixtures.bzImage()

    func build(initrdAddress: UInt64 = 0x7000_0000, initrdSize: UInt64 = 0x1234,
               commandLine: UInt64 = 0x10_1000, e820: [E820Entry] = [],
               screen: [UInt8]? = nil) throws -> [UInt8] {
        let header = try SetupHeader.parse(file)
        return BootParams.build(.init(kernelFile: file, kernelAddress: 0x100_0000, commandLineAddress: commandLine,
                                      initrdAddress: initrdAddress, initrdSize: initrdSize, e820: e820,
                                      screenInfo: screen, acpiRSDP: 0xF_5A40), header: header)
    }

    @Test func copiesTheSetupHeaderFromTheFile() throws {
        let p = try build()
        #expect(p.count == 4096)
        #expect(Array(p[0x202..<0x206]) == Array("HdrS".utf8))
        #expect(LittleEndian.load(UInt16.self, p, at: 0x1FE) == 0xAA55)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x260) == 0x40_0000)
        #expect(p[0x1EF] == 0)   // sentinel stays 0, else the kernel wipes fields
    }

    @Test func recordsLoaderKernelInitrdAndCommandLine() throws {
        let p = try build()
        #expect(p[0x210] == 0xFF)
        #expect(p[0x211] == 0)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x214) == 0x100_0000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x218) == 0x7000_0000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x21C) == 0x1234)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x228) == 0x10_1000)
        #expect(LittleEndian.load(UInt64.self, p, at: 0x70) == 0xF_5A40)
    }

    @Test func splitsAddressesAbove4GiBIntoExtFields() throws {
        let p = try build(initrdAddress: 0x1_2000_0000, commandLine: 0x2_0000_1000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x218) == 0x2000_0000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x0C0) == 1)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x228) == 0x1000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x0C8) == 2)
    }

    @Test func writesTheE820Table() throws {
        let e820 = [E820Entry(address: 0, size: 0x9FC00, type: 1), E820Entry(address: 0x100000, size: 0x7FEE0000, type: 1),
                    E820Entry(address: 0xFEFFC000, size: 0x4000, type: 2)]
        let p = try build(e820: e820)
        #expect(p[0x1E8] == 3)
        #expect(LittleEndian.load(UInt64.self, p, at: 0x2D0 + 20) == 0x100000)
        #expect(LittleEndian.load(UInt64.self, p, at: 0x2D0 + 28) == 0x7FEE0000)
        #expect(LittleEndian.load(UInt32.self, p, at: 0x2D0 + 56) == 2)
    }

    @Test func copiesScreenInfo() throws {
        let screen = (0..<0x40).map { UInt8($0 + 1) }
        let p = try build(screen: screen)
        #expect(Array(p[0..<0x40]) == screen)
    }
}
