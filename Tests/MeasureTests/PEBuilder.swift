/// Builds small PE32+ images for the tests: MZ header, `PE\0\0`, COFF header, a 240-byte
/// optional header (16 data directories), the section table, then each section's raw
/// data at 0x200-aligned file offsets in the order given.
struct PEBuilder {
    var sections: [(name: String, data: [UInt8], virtualSize: UInt32?)] = []
    var checksum: UInt32 = 0x1234_5678
    /// Bytes after the last section (not the certificate table).
    var trailing: [UInt8] = []
    /// A certificate table appended at the end, named by data directory 4.
    var certificate: [UInt8] = []

    static let optional = 0x40 + 4 + 20
    static let checksumOffset = optional + 64
    static let certificateEntry = optional + 112 + 32
    static let sizeOfHeaders = 0x400

    func build() -> [UInt8] {
        var b = [UInt8](repeating: 0, count: Self.sizeOfHeaders)
        func put16(_ v: UInt16, _ at: Int) { b[at] = UInt8(v & 0xFF); b[at + 1] = UInt8(v >> 8) }
        func put32(_ v: UInt32, _ at: Int) { for i in 0..<4 { b[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) } }
        b[0] = 0x4D; b[1] = 0x5A
        put32(0x40, 0x3C)
        b[0x40] = 0x50; b[0x41] = 0x45
        put16(0x8664, 0x44)
        put16(UInt16(sections.count), 0x46)
        put16(240, 0x54)
        let opt = Self.optional
        put16(0x20B, opt)
        put32(UInt32(Self.sizeOfHeaders), opt + 60)
        put32(checksum, opt + 64)
        put16(10, opt + 68)
        put32(16, opt + 108)
        let table = opt + 240
        var at = Self.sizeOfHeaders
        var raw: [UInt8] = []
        for (i, s) in sections.enumerated() {
            let h = table + 40 * i
            for (j, c) in s.name.utf8.prefix(8).enumerated() { b[h + j] = c }
            let rawSize = (s.data.count + 0x1FF) / 0x200 * 0x200
            put32(s.virtualSize ?? UInt32(s.data.count), h + 8)
            put32(UInt32(at), h + 12)
            put32(UInt32(rawSize), h + 16)
            put32(UInt32(at), h + 20)
            raw += s.data + [UInt8](repeating: 0, count: rawSize - s.data.count)
            at += rawSize
        }
        b += raw + trailing
        if !certificate.isEmpty {
            put32(UInt32(b.count), Self.certificateEntry)
            put32(UInt32(certificate.count), Self.certificateEntry + 4)
            b += certificate
        }
        return b
    }
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func bytes(hex text: String) -> [UInt8] {
    var out: [UInt8] = []
    var chars = Array(text.utf8).filter { $0 != 0x20 }[...]
    while chars.count >= 2 {
        out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!)
        chars = chars.dropFirst(2)
    }
    return out
}
