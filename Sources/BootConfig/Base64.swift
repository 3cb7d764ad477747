/// Base64 (RFC 4648, the standard alphabet with `=` padding) decoding, strict: a byte
/// outside the alphabet, wrong padding or nonzero trailing bits is refused.
public enum Base64 {
    /// The bytes encoded in `text`, or nil when it is not valid base64.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            var v: UInt32 = 0
            var pad = 0
            for j in 0..<4 {
                let c = input[i + j]
                let d: UInt32
                switch c {
                case 0x41...0x5A: d = UInt32(c - 0x41)
                case 0x61...0x7A: d = UInt32(c - 0x61 + 26)
                case 0x30...0x39: d = UInt32(c - 0x30 + 52)
                case UInt8(ascii: "+"): d = 62
                case UInt8(ascii: "/"): d = 63
                case UInt8(ascii: "="):
                    // Padding only in the last group's last one or two places.
                    guard i + 4 == input.count, j >= 2 else { return nil }
                    pad += 1
                    d = 0
                default: return nil
                }
                if pad > 0, c != UInt8(ascii: "=") { return nil }
                v = v << 6 | d
            }
            let bytes = [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            if pad == 2, bytes[1] != 0 || bytes[2] != 0 { return nil }
            if pad == 1, bytes[2] != 0 { return nil }
            out.append(contentsOf: bytes.prefix(3 - pad))
            i += 4
        }
        return out
    }
}
