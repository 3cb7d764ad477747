/// Little-endian integer access into byte arrays (boot protocol structures).
enum LittleEndian {
    /// Reads an unsigned integer of `T`'s width at `offset`; 0 where bytes are missing.
    static func load<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        for i in 0..<(T.bitWidth / 8) where offset + i < bytes.count {
            value |= T(bytes[offset + i]) << (8 * i)
        }
        return value
    }

    /// Stores `value` at `offset`; the array must be large enough.
    static func store<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<(T.bitWidth / 8) {
            bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i))
        }
    }
}
