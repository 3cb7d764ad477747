import BootConfig

/// The Authenticode digest of a PE/COFF image: what UEFI firmware extends into PCR 4
/// for an EFI application it loads (`EV_EFI_BOOT_SERVICES_APPLICATION`).
///
/// The rules of the PE/COFF specification ("Calculating the PE Image Hash"), as EDK2's
/// Tcg2 measure-boot library applies them to the file bytes:
/// 1. the headers up to the optional header's `CheckSum`, skipping its 4 bytes;
/// 2. then up to the Certificate Table data directory (entry 4), skipping its 8 bytes
///    (when the image has fewer than 5 data directories: straight on);
/// 3. then to `SizeOfHeaders`;
/// 4. each section with raw data, in ascending `PointerToRawData` order, its
///    `SizeOfRawData` bytes;
/// 5. bytes after the last section up to the end of the file less the certificate
///    table's size (appended data that is not the signature).
public enum Authenticode {
    /// The ranges of `bytes` the digest covers, in order (exposed for tests).
    public static func hashedRanges(_ bytes: [UInt8]) throws(PEError) -> [Range<Int>] {
        guard bytes.count >= 0x40, bytes[0] == 0x4D, bytes[1] == 0x5A else { throw PEError("no MZ header") }
        let pe = Int(try u32(bytes, 0x3C))
        guard try u32(bytes, pe) == 0x0000_4550 else { throw PEError("no PE signature at offset \(pe)") }
        let coff = pe + 4
        let sectionCount = Int(try u16(bytes, coff + 2))
        let optionalSize = Int(try u16(bytes, coff + 16))
        let optional = coff + 20
        let magic = try u16(bytes, optional)
        let plus: Bool
        switch magic {
        case 0x10B: plus = false
        case 0x20B: plus = true
        default: throw PEError("unknown optional header magic 0x\(String(magic, radix: 16))")
        }
        let checksum = optional + 64
        let sizeOfHeaders = Int(try u32(bytes, optional + 60))
        let directoryCount = Int(try u32(bytes, optional + (plus ? 108 : 92)))
        let directories = optional + (plus ? 112 : 96)
        guard sizeOfHeaders <= bytes.count, checksum + 4 <= sizeOfHeaders else {
            throw PEError("SizeOfHeaders \(sizeOfHeaders) does not fit the file (\(bytes.count) bytes)")
        }
        var ranges: [Range<Int>] = [0..<checksum]
        var certificateSize = 0
        if directoryCount > 4 {
            let certificate = directories + 4 * 8
            guard certificate + 8 <= sizeOfHeaders, certificate + 8 <= optional + optionalSize else {
                throw PEError("the certificate table entry lies outside the headers")
            }
            certificateSize = Int(try u32(bytes, certificate + 4))
            ranges.append((checksum + 4)..<certificate)
            ranges.append((certificate + 8)..<sizeOfHeaders)
        } else {
            ranges.append((checksum + 4)..<sizeOfHeaders)
        }
        let table = optional + optionalSize
        guard sectionCount <= PEFile.maxSections, table + sectionCount * 40 <= bytes.count else {
            throw PEError("section table runs past the end of the file")
        }
        var sections: [(pointer: Int, size: Int)] = []
        for i in 0..<sectionCount {
            let header = table + i * 40
            let size = Int(try u32(bytes, header + 16))
            let pointer = Int(try u32(bytes, header + 20))
            if size == 0 { continue }
            guard pointer <= bytes.count, size <= bytes.count - pointer else {
                throw PEError("section \(i) raw data (\(size) bytes at \(pointer)) runs past the end of the file")
            }
            sections.append((pointer, size))
        }
        var hashed = sizeOfHeaders
        for section in sections.sorted(by: { $0.pointer < $1.pointer }) {
            ranges.append(section.pointer..<(section.pointer + section.size))
            hashed += section.size
        }
        if bytes.count > hashed + certificateSize {
            ranges.append(hashed..<(bytes.count - certificateSize))
        }
        return ranges
    }

    /// The digest of `bytes` with `algorithm` (nil when swiftboot cannot compute it).
    public static func digest(_ bytes: [UInt8], algorithm: HashAlgorithm) throws(PEError) -> [UInt8]? {
        let ranges = try hashedRanges(bytes)
        guard var hasher = algorithm.hasher() else { return nil }
        for range in ranges { hasher.update(bytes[range]) }
        return hasher.finalize()
    }

    static func u16(_ b: [UInt8], _ at: Int) throws(PEError) -> UInt16 {
        guard at >= 0, at + 2 <= b.count else { throw PEError("header field at \(at) past the end of the file") }
        return UInt16(b[at]) | UInt16(b[at + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ at: Int) throws(PEError) -> UInt32 {
        guard at >= 0, at + 4 <= b.count else { throw PEError("header field at \(at) past the end of the file") }
        return UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}
