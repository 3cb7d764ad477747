/// The x86 boot protocol's setup header of a bzImage (Documentation/arch/x86/boot.rst),
/// the fields a 64-bit loader needs.
public struct SetupHeader: Sendable, Equatable {
    /// Number of 512-byte setup sectors after the boot sector (0 in the file means 4).
    public var setupSects: Int
    /// Boot protocol version, e.g. 0x020F for 2.15.
    public var version: UInt16
    public var loadFlags: UInt8
    /// Required physical alignment of the kernel when relocatable.
    public var kernelAlignment: UInt32
    public var relocatable: Bool
    /// XLF_* bits: 0 KERNEL_64, 1 CAN_BE_LOADED_ABOVE_4G, ...
    public var xloadFlags: UInt16
    /// Maximum command line length, without the terminating NUL.
    public var cmdlineSize: UInt32
    /// Highest address the initrd may end at (inclusive).
    public var initrdAddrMax: UInt32
    /// Preferred load address of a relocatable kernel.
    public var prefAddress: UInt64
    /// Memory the kernel needs from its load address while it decompresses itself.
    public var initSize: UInt32
    /// Length of the header in the file: up to `0x202 + byte[0x201]`.
    public var headerEnd: Int

    /// XLF_KERNEL_64: the kernel has a 64-bit entry point at load address + 0x200.
    public var has64BitEntry: Bool { xloadFlags & 0x1 != 0 }
    /// XLF_CAN_BE_LOADED_ABOVE_4G.
    public var canLoadAbove4G: Bool { xloadFlags & 0x2 != 0 }
    /// Offset in the file where the protected-mode kernel starts.
    public var payloadOffset: Int { (setupSects + 1) * 512 }

    /// Why a file is not a bzImage this loader can boot.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Parses the setup header from the start of a kernel file.
    ///
    /// Accepts only what the 64-bit entry needs: boot flag 0xAA55, `HdrS`, protocol
    /// 2.12 or later, XLF_KERNEL_64, and a relocatable kernel.
    /// - Parameters:
    ///   - file: the file, or at least its first 0x268 bytes.
    ///   - fileSize: the whole file's size when `file` is only its start.
    public static func parse(_ file: [UInt8], fileSize: Int? = nil) throws(ParseError) -> SetupHeader {
        guard file.count >= 0x268 else {
            throw ParseError(message: "the file is too short to be a bzImage (\(file.count) bytes)")
        }
        let bootFlag = LittleEndian.load(UInt16.self, file, at: 0x1FE)
        let magic = Array(file[0x202..<0x206])
        guard bootFlag == 0xAA55, magic == Array("HdrS".utf8) else {
            throw ParseError(message: "no x86 boot sector signature (0xAA55 and HdrS): not a bzImage")
        }
        let version = LittleEndian.load(UInt16.self, file, at: 0x206)
        guard version >= 0x020C else {
            throw ParseError(message: "boot protocol \(version >> 8).\(version & 0xFF) is older than 2.12")
        }
        var sects = Int(file[0x1F1])
        if sects == 0 { sects = 4 }
        let header = SetupHeader(
            setupSects: sects,
            version: version,
            loadFlags: file[0x211],
            kernelAlignment: LittleEndian.load(UInt32.self, file, at: 0x230),
            relocatable: file[0x234] != 0,
            xloadFlags: LittleEndian.load(UInt16.self, file, at: 0x236),
            cmdlineSize: LittleEndian.load(UInt32.self, file, at: 0x238),
            initrdAddrMax: LittleEndian.load(UInt32.self, file, at: 0x22C),
            prefAddress: LittleEndian.load(UInt64.self, file, at: 0x258),
            initSize: LittleEndian.load(UInt32.self, file, at: 0x260),
            headerEnd: min(0x202 + Int(file[0x201]), 0x1000))
        guard header.has64BitEntry else {
            throw ParseError(message: "the bzImage has no 64-bit entry point (XLF_KERNEL_64 unset)")
        }
        guard header.relocatable else {
            throw ParseError(message: "the bzImage is not relocatable")
        }
        let size = fileSize ?? file.count
        guard header.payloadOffset < size else {
            throw ParseError(message: "the bzImage is truncated: setup is \(header.payloadOffset) bytes, the file \(size)")
        }
        return header
    }
}
