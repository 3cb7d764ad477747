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
        /// The EFI system table, memory map and runtime mappings, on a UEFI machine
        /// whose running kernel exports them; nil leaves `efi_info` empty.
        public var efi: EFIHandover?

        public init(kernelFile: [UInt8], kernelAddress: UInt64, commandLineAddress: UInt64,
                    initrdAddress: UInt64 = 0, initrdSize: UInt64 = 0, e820: [E820Entry],
                    screenInfo: [UInt8]? = nil, acpiRSDP: UInt64 = 0, efi: EFIHandover? = nil) {
            self.kernelFile = kernelFile
            self.kernelAddress = kernelAddress
            self.commandLineAddress = commandLineAddress
            self.initrdAddress = initrdAddress
            self.initrdSize = initrdSize
            self.e820 = e820
            self.screenInfo = screenInfo
            self.acpiRSDP = acpiRSDP
            self.efi = efi
        }
    }

    // Offsets in struct boot_params (Documentation/arch/x86/zero-page.rst).
    static let screenInfoSize = 0x40
    static let acpiRSDPAddr = 0x070
    static let efiInfo = 0x1C0
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
    static let setupDataPtr = 0x250
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
            page.replaceSubrange(at..<at + 20, with: encode(entry))
        }
        return page
    }

    /// Stores a 64-bit value as a 32-bit low half and a 32-bit `ext_` high half.
    private static func storeSplit(_ value: UInt64, low: Int, high: Int, into page: inout [UInt8]) {
        LittleEndian.store(UInt32(truncatingIfNeeded: value), into: &page, at: low)
        LittleEndian.store(UInt32(truncatingIfNeeded: value >> 32), into: &page, at: high)
    }
}

extension BootParams {
    /// `setup_data` types (arch/x86/include/uapi/asm/bootparam.h).
    static let setupE820Ext: UInt32 = 1
    static let setupEFI: UInt32 = 4

    /// Where the parts of the setup segment go, relative to its start: the zero page,
    /// the command line, then (8-byte aligned) the EFI memory map, the `SETUP_EFI`
    /// node and the `SETUP_E820_EXT` node.
    struct SetupLayout: Equatable {
        var commandLine: Int
        var efiMemoryMap: Int?
        var efiSetupData: Int?
        var e820Ext: Int?
        var size: Int
    }

    static func layout(_ input: Input, commandLineSize: Int) -> SetupLayout {
        func align8(_ v: Int) -> Int { (v + 7) & ~7 }
        var at = 4096 + commandLineSize
        var out = SetupLayout(commandLine: 4096, size: 0)
        if let efi = input.efi {
            at = align8(at)
            out.efiMemoryMap = at
            at += efi.runtimeMap.count * Int(efi.descriptorSize)
            at = align8(at)
            out.efiSetupData = at
            at += 16 + 96
        }
        if input.e820.count > e820Max {
            at = align8(at)
            out.e820Ext = at
            at += 16 + (input.e820.count - e820Max) * 20
        }
        out.size = at
        return out
    }

    /// Bytes the setup segment needs for this input and command line (with its NUL).
    public static func setupSize(_ input: Input, commandLineSize: Int) -> Int {
        layout(input, commandLineSize: commandLineSize).size
    }

    /// The whole setup segment loaded at `address`: the zero page (with `efi_info` and
    /// `hdr.setup_data` filled in), the command line, and the setup_data list holding
    /// the EFI runtime mappings and the e820 entries past the zero page's 128.
    /// `input.commandLineAddress` must be `address + 4096`.
    public static func setupSegment(_ input: Input, header: SetupHeader, address: UInt64,
                                    commandLine: [UInt8]) -> [UInt8] {
        let layout = layout(input, commandLineSize: commandLine.count)
        var bytes = build(input, header: header) + commandLine
        bytes += [UInt8](repeating: 0, count: layout.size - bytes.count)
        // Each node's `next` is patched as the following one is written.
        var link = setupDataPtr
        func node(at offset: Int, type: UInt32, payload: [UInt8]) {
            LittleEndian.store(address + UInt64(offset), into: &bytes, at: link)
            LittleEndian.store(type, into: &bytes, at: offset + 8)
            LittleEndian.store(UInt32(payload.count), into: &bytes, at: offset + 12)
            bytes.replaceSubrange(offset + 16..<offset + 16 + payload.count, with: payload)
            link = offset
        }
        if let efi = input.efi, let map = layout.efiMemoryMap, let setup = layout.efiSetupData {
            let mapBytes = efi.memoryMapBytes()
            bytes.replaceSubrange(map..<map + mapBytes.count, with: mapBytes)
            let info = efiInfo
            bytes.replaceSubrange(info..<info + 4, with: efi.loaderSignature.prefix(4))
            LittleEndian.store(UInt32(truncatingIfNeeded: efi.systemTable), into: &bytes, at: info + 0x04)
            LittleEndian.store(efi.descriptorSize, into: &bytes, at: info + 0x08)
            LittleEndian.store(efi.descriptorVersion, into: &bytes, at: info + 0x0C)
            let mapAddress = address + UInt64(map)
            LittleEndian.store(UInt32(truncatingIfNeeded: mapAddress), into: &bytes, at: info + 0x10)
            LittleEndian.store(UInt32(mapBytes.count), into: &bytes, at: info + 0x14)
            LittleEndian.store(UInt32(truncatingIfNeeded: efi.systemTable >> 32), into: &bytes, at: info + 0x18)
            LittleEndian.store(UInt32(truncatingIfNeeded: mapAddress >> 32), into: &bytes, at: info + 0x1C)
            node(at: setup, type: setupEFI, payload: efi.setupDataPayload())
        }
        if let ext = layout.e820Ext {
            var payload: [UInt8] = []
            for entry in input.e820.dropFirst(e820Max) { payload += encode(entry) }
            node(at: ext, type: setupE820Ext, payload: payload)
        }
        return bytes
    }

    /// One 20-byte `boot_e820_entry`: address, size, type.
    static func encode(_ entry: E820Entry) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        LittleEndian.store(entry.address, into: &out, at: 0)
        LittleEndian.store(entry.size, into: &out, at: 8)
        LittleEndian.store(entry.type, into: &out, at: 16)
        return out
    }
}
