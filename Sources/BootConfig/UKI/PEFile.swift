/// Why bytes are not a PE file this reader will trust.
public struct PEError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One section header of a PE file.
public struct PESection: Sendable, Equatable {
    /// The name, up to 8 bytes, NUL padding removed (e.g. `.linux`).
    public var name: String
    public var virtualSize: UInt32
    public var sizeOfRawData: UInt32
    public var pointerToRawData: UInt32
    /// The bytes of the section inside the file: `min(VirtualSize, SizeOfRawData)` from
    /// the raw pointer (VirtualSize 0 means SizeOfRawData), checked against the file size.
    public var range: Range<Int>
}

/// A small, bounds-checked PE/COFF reader: DOS header → `PE\0\0` → COFF header →
/// optional header → section table. Every offset is checked before it is used; bad
/// input throws `PEError`, never traps.
public struct PEFile: Sendable, Equatable {
    /// COFF `Machine` (0x8664 x86_64, 0xaa64 arm64, ...).
    public var machine: UInt16
    /// Optional-header `Subsystem` (10 = EFI application).
    public var subsystem: UInt16
    public var sections: [PESection]

    /// The PE format allows at most 96 sections.
    public static let maxSections = 96

    public init(bytes: [UInt8]) throws(PEError) {
        try self.init(header: bytes, fileSize: bytes.count)
    }

    /// Reads the headers from the first bytes of a file of `fileSize` bytes; section
    /// data ranges are checked against `fileSize`. Throws when `header` is too short
    /// to hold the headers and the section table.
    public init(header bytes: [UInt8], fileSize: Int) throws(PEError) {
        guard bytes.count >= 0x40, bytes[0] == 0x4D, bytes[1] == 0x5A else {
            throw PEError("no MZ header")
        }
        let peOffset = Int(try Self.u32(bytes, 0x3C))
        guard try Self.u32(bytes, peOffset) == 0x0000_4550 else {
            throw PEError("no PE signature at offset \(peOffset)")
        }
        let coff = peOffset + 4
        machine = try Self.u16(bytes, coff)
        let count = Int(try Self.u16(bytes, coff + 2))
        let optionalSize = Int(try Self.u16(bytes, coff + 16))
        let optional = coff + 20
        guard count <= Self.maxSections else { throw PEError("\(count) sections (at most \(Self.maxSections))") }
        guard optionalSize >= 70 else { throw PEError("optional header too small (\(optionalSize) bytes)") }
        let magic = try Self.u16(bytes, optional)
        guard magic == 0x10B || magic == 0x20B else {
            throw PEError("unknown optional header magic 0x\(String(magic, radix: 16))")
        }
        subsystem = try Self.u16(bytes, optional + 68)
        let table = optional + optionalSize
        guard table + count * 40 <= bytes.count else { throw PEError("section table runs past the end of the file") }
        sections = []
        for i in 0..<count {
            let header = table + i * 40
            let nameBytes = bytes[header..<(header + 8)].prefix(while: { $0 != 0 })
            let name = String(decoding: nameBytes, as: UTF8.self)
            let virtualSize = try Self.u32(bytes, header + 8)
            let rawSize = try Self.u32(bytes, header + 16)
            let pointer = try Self.u32(bytes, header + 20)
            let size = virtualSize == 0 ? Int(rawSize) : Int(min(virtualSize, rawSize))
            let start = Int(pointer)
            guard size == 0 || (start <= fileSize && size <= fileSize - start) else {
                throw PEError("section '\(name)' data (\(size) bytes at \(start)) runs past the end of the file")
            }
            sections.append(PESection(name: name, virtualSize: virtualSize, sizeOfRawData: rawSize,
                                      pointerToRawData: pointer, range: size == 0 ? 0..<0 : start..<(start + size)))
        }
    }

    /// The first section called `name`.
    public func section(_ name: String) -> PESection? {
        sections.first { $0.name == name }
    }

    /// The machine in EFI architecture names (`x64`, `aa64`, ...), nil if unknown.
    public var architecture: String? {
        switch machine {
        case 0x8664: return "x64"
        case 0x014C: return "ia32"
        case 0xAA64: return "aa64"
        case 0x01C2, 0x01C4: return "arm"
        case 0x5032: return "riscv32"
        case 0x5064: return "riscv64"
        case 0x6232: return "loongarch32"
        case 0x6264: return "loongarch64"
        default: return nil
        }
    }

    static func u16(_ b: [UInt8], _ offset: Int) throws(PEError) -> UInt16 {
        guard offset >= 0, offset <= b.count - 2 else { throw PEError("header field at \(offset) past the end of the file") }
        return UInt16(b[offset]) | UInt16(b[offset + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ offset: Int) throws(PEError) -> UInt32 {
        guard offset >= 0, offset <= b.count - 4 else { throw PEError("header field at \(offset) past the end of the file") }
        return UInt32(b[offset]) | UInt32(b[offset + 1]) << 8 | UInt32(b[offset + 2]) << 16 | UInt32(b[offset + 3]) << 24
    }
}
