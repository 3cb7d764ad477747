/// Big-endian reads and writes for the DHCP codecs (network byte order).
struct DHCPByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
    mutating func u32(_ v: UInt32) {
        bytes += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
    mutating func append(_ v: [UInt8]) { bytes += v }
    /// Appends `v` cut or zero-padded to exactly `count` bytes.
    mutating func fixed(_ v: [UInt8], _ count: Int) {
        bytes += v.prefix(count)
        if v.count < count { bytes += [UInt8](repeating: 0, count: count - v.count) }
    }
}

/// A cursor over received bytes; every read checks the length.
struct DHCPByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func u8() -> UInt8? {
        guard remaining >= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}

/// Reads a 32-bit big-endian value from 4 bytes (nil for any other length).
func dhcpUInt32(_ b: [UInt8]) -> UInt32? {
    guard b.count == 4 else { return nil }
    return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
}

/// Text from option bytes: up to the first NUL (servers often terminate strings), UTF-8
/// with invalid bytes replaced.
func dhcpText(_ b: [UInt8]) -> String {
    let cut = b.firstIndex(of: 0).map { Array(b[..<$0]) } ?? b
    return String(decoding: cut, as: UTF8.self)
}

/// Lowercase hex of bytes, `separator` between them.
func dhcpHex(_ b: [UInt8], separator: String = "") -> String {
    let digits = Array("0123456789abcdef")
    return b.map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined(separator: separator)
}
