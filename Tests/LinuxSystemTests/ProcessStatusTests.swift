import Testing
@testable import LinuxSystem

@Suite struct ProcessStatusTests {
    static let status = """
        Name:\tswiftboot
        VmPeak:\t   21348 kB
        VmHWM:\t    9876 kB
        VmRSS:\t    9012 kB
        Threads:\t1

        """

    @Test func readsTheFieldInKibibytes() {
        #expect(ProcessStatus.kibibytes("VmHWM", in: Self.status) == 9876)
        #expect(ProcessStatus.kibibytes("VmRSS", in: Self.status) == 9012)
    }

    @Test func missingOrOddFieldsAreUnknown() {
        #expect(ProcessStatus.kibibytes("VmSwap", in: Self.status) == nil)
        #expect(ProcessStatus.kibibytes("Name", in: Self.status) == nil)
        #expect(ProcessStatus.kibibytes("VmHWM", in: "VmHWM:\t12 MB\n") == nil)
        // A field name is matched whole, not as a prefix.
        #expect(ProcessStatus.kibibytes("Vm", in: Self.status) == nil)
    }

    @Test func readsThisProcesssPeak() {
        let peak = ProcessStatus.peakResidentKiB()
        #expect(peak != nil && peak! > 0)
    }
}
