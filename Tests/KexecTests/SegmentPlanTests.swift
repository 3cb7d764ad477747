import Testing
@testable import Kexec

@Suite struct SegmentPlanTests {
    let header = try! SetupHeader.parse(Fixtures.bzImage())
    let ram = IOMem.systemRAM(Fixtures.iomem)

    func plan(initrd: Int = 64 << 20, cmdline: Int = 100) throws -> SegmentPlan {
        try SegmentPlanner.plan(header: header, kernelPayload: 10 << 20, initrdSize: initrd,
                                commandLineSize: cmdline, ram: ram)
    }

    @Test func putsTheKernelAtItsPreferredAddress() throws {
        let p = try plan()
        #expect(p.kernel.mem == 0x100_0000)
        #expect(p.kernel.memsz == 10 << 20)   // payload larger than init_size
        #expect(p.kernelEntry == 0x100_0200)
    }

    @Test func reservesInitSizeWhenLargerThanThePayload() throws {
        let h = try SetupHeader.parse(Fixtures.bzImage(initSize: 0x300_0000))
        let p = try SegmentPlanner.plan(header: h, kernelPayload: 1 << 20, initrdSize: 0, commandLineSize: 1, ram: ram)
        #expect(p.kernel.memsz == 0x300_0000)
        #expect(p.kernel.bufsz == 1 << 20)
    }

    @Test func putsTheInitrdHighestBelowItsLimit() throws {
        let p = try plan()
        let initrd = try #require(p.initrd)
        #expect(initrd.mem + initrd.memsz == 0x7FFE0000)
        #expect(initrd.bufsz == 64 << 20)
    }

    @Test func segmentsArePageAlignedInRAMAndDisjoint() throws {
        let segs = try plan(initrd: 5_000_001, cmdline: 2048).segments
        #expect(segs.count == 4)
        for s in segs {
            #expect(s.mem % 4096 == 0 && s.memsz % 4096 == 0 && s.bufsz <= s.memsz)
            #expect(s.mem >= SegmentPlanner.lowLimit)
            #expect(ram.contains { $0.start <= s.mem && s.mem + s.memsz <= $0.end })
        }
        for (a, b) in zip(segs, segs.dropFirst()) { #expect(a.mem + a.memsz <= b.mem) }
    }

    @Test func setupHoldsBootParamsThenTheCommandLine() throws {
        let p = try plan(cmdline: 5000)
        #expect(p.bootParamsAddress == p.setup.mem)
        #expect(p.commandLineAddress == p.setup.mem + 4096)
        #expect(p.setup.memsz == 12288)
        #expect(p.entry == p.purgatory.mem)
    }

    @Test func noInitrdMeansNoSegment() throws {
        #expect(try plan(initrd: 0).initrd == nil)
        #expect(try plan(initrd: 0).segments.count == 3)
    }

    @Test func anInitrdLargerThanLowRAMIsRefused() {
        #expect(throws: SegmentPlanner.PlacementError.self) { try plan(initrd: 3 << 30) }
    }

    @Test func noRAMIsAnError() {
        #expect(throws: SegmentPlanner.PlacementError.self) {
            try SegmentPlanner.plan(header: header, kernelPayload: 1, initrdSize: 0, commandLineSize: 1, ram: [])
        }
    }
}
