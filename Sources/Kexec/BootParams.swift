/// Builds the x86 zero page (`struct boot_params`, 4096 bytes) for a kernel entered
/// through its 64-bit entry point, as the in-kernel bzImage loader does.
public enum BootParams {
    /// What the zero page records besides the kernel's own setup header.
    public struct Input: Sendable {
        /// The start of the kernel file (at least its setup header).
        public var kernelFile: [UInt8]
        public var kernelAddress: UInt64
        public var commandLineAddress: UInt64
        public var initrdAddress: UInt64
        public var initrdSize: UInt64
        public var e820: [E820Entry]
        /// `screen_info` (first 0x40 bytes) of the running kernel's boot_params, if known.
        public var screenInfo: [UInt8]?
        /// `acpi_rsdp_addr` of the running kernel, if known (0 lets the kernel search).
        public var acpiRSDP: UInt64

        public init(kernelFile: [UInt8], kernelAddress: UInt64, commandLineAddress: UInt64,
                    initrdAddress: UInt64 = 0, initrdSize: UInt64 = 0, e820: [E820Entry],
                    screenInfo: [UInt8]? = nil, acpiRSDP: UInt64 = 0) {
            self.kernelFile = kernelFile
            self.kernelAddress = kernelAddress
            self.commandLineAddress = commandLineAddress
            self.initrdAddress = initrdAddress
            self.initrdSize = initrdSize
            self.e820 = e820
            self.screenInfo = screenInfo
            self.acpiRSDP = acpiRSDP
        }
    }

    // Offsets in struct boot_params (Documentation/arch/x86/zero-page.rst).
    static let screenInfoSize = 0x40
    static let acpiRSDPAddr = 0x070
    static let extRamdiskImage = 0x0C0
    static let extRamdiskSize = 0x0C4
    static let extCmdLinePtr = 0x0C8
    static let e820Entries = 0x1E8
    static let setupHeader = 0x1F1
    static let typeOfLoader = 0x210
    static let loadFlags = 0x211
    static let code32Start = 0x214
    static let ramdiskImage = 0x218
    static let ramdiskSize = 0x21C
    static let cmdLinePtr = 0x228
    static let e820Table = 0x2D0
    static let e820Max = 128

    /// The 4096-byte zero page.
    public static func build(_ input: Input, header: SetupHeader) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        // The setup header as the file has it, up to the end the jump at 0x200 gives.
        let end = min(header.headerEnd, input.kernelFile.count)
        if end > setupHeader {
            page.replaceSubrange(setupHeader..<end, with: input.kernelFile[setupHeader..<end])
        }
        if let screen = input.screenInfo {
            let n = min(screen.count, screenInfoSize)
            page.replaceSubrange(0..<n, with: screen[0..<n])
        }
        LittleEndian.store(input.acpiRSDP, into: &page, at: acpiRSDPAddr)
        page[typeOfLoader] = 0xFF   // undefined loader: swiftboot has no registered id
        page[loadFlags] = 0         // as the in-kernel loader: no heap, no quiet, no keep-segments
        LittleEndian.store(UInt32(truncatingIfNeeded: input.kernelAddress), into: &page, at: code32Start)
        storeSplit(input.initrdAddress, low: ramdiskImage, high: extRamdiskImage, into: &page)
        storeSplit(input.initrdSize, low: ramdiskSize, high: extRamdiskSize, into: &page)
        storeSplit(input.commandLineAddress, low: cmdLinePtr, high: extCmdLinePtr, into: &page)
        let table = input.e820.prefix(e820Max)
        page[e820Entries] = UInt8(table.count)
        for (i, entry) in table.enumerated() {
            let at = e820Table + i * 20
            LittleEndian.store(entry.address, into: &page, at: at)
            LittleEndian.store(entry.size, into: &page, at: at + 8)
            LittleEndian.store(entry.type, into: &page, at: at + 16)
        }
        return page
    }

    /// Stores a 64-bit value as a 32-bit low half and a 32-bit `ext_` high half.
    private static func storeSplit(_ value: UInt64, low: Int, high: Int, into page: inout [UInt8]) {
        LittleEndian.store(UInt32(truncatingIfNeeded: value), into: &page, at: low)
        LittleEndian.store(UInt32(truncatingIfNeeded: value >> 32), into: &page, at: high)
    }
}
