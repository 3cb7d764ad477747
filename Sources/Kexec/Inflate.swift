/// A DEFLATE (RFC 1951) decoder with the gzip (RFC 1952) wrapper, for compressed
/// kernels (`Image.gz`) that kexec_file_load will not take.
public enum Inflate {
    /// Why a stream could not be decoded; `offset` is the input byte reached.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// Whether `data` starts with the gzip magic 1f 8b.
    public static func isGzip(_ data: [UInt8]) -> Bool {
        data.count >= 2 && data[0] == 0x1F && data[1] == 0x8B
    }

    /// Decodes one gzip member and checks its CRC-32 and length.
    public static func gunzip(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        guard data.count >= 18, isGzip(data) else { throw Failure(message: "not a gzip stream", offset: 0) }
        guard data[2] == 8 else { throw Failure(message: "gzip method \(data[2]) is not deflate", offset: 2) }
        let flags = data[3]
        var pos = 10
        if flags & 0x04 != 0 {          // FEXTRA
            guard pos + 2 <= data.count else { throw Failure(message: "truncated gzip header", offset: pos) }
            pos += 2 + Int(data[pos]) + Int(data[pos + 1]) << 8
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {   // FNAME, FCOMMENT
            while pos < data.count && data[pos] != 0 { pos += 1 }
            pos += 1
        }
        if flags & 0x02 != 0 { pos += 2 }   // FHCRC
        guard pos < data.count else { throw Failure(message: "truncated gzip header", offset: pos) }
        let (out, end) = try inflate(data, from: pos)
        guard end + 8 <= data.count else { throw Failure(message: "truncated gzip trailer", offset: end) }
        let crc = LittleEndian.load(UInt32.self, data, at: end)
        let size = LittleEndian.load(UInt32.self, data, at: end + 4)
        guard size == UInt32(truncatingIfNeeded: out.count) else {
            throw Failure(message: "gzip length mismatch (\(out.count) bytes decoded, trailer says \(size))", offset: end + 4)
        }
        guard crc == CRC32.checksum(out) else { throw Failure(message: "gzip CRC-32 mismatch", offset: end) }
        return out
    }

    /// Decodes a raw DEFLATE stream starting at `start`; returns the output and the
    /// offset of the first byte after the stream.
    public static func inflate(_ data: [UInt8], from start: Int = 0) throws(Failure) -> ([UInt8], Int) {
        var bits = BitReader(data: data, pos: start)
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 4)
        var last = false
        while !last {
            last = try bits.read(1) == 1
            switch try bits.read(2) {
            case 0: try storedBlock(&bits, &out)
            case 1: try codes(&bits, &out, Huffman.fixedLiteral, Huffman.fixedDistance)
            case 2:
                let (lit, dist) = try dynamicTables(&bits)
                try codes(&bits, &out, lit, dist)
            default: throw Failure(message: "invalid deflate block type 3", offset: bits.pos)
            }
        }
        return (out, bits.pos)
    }

    private static func storedBlock(_ bits: inout BitReader, _ out: inout [UInt8]) throws(Failure) {
        bits.alignToByte()
        let p = bits.pos
        guard p + 4 <= bits.data.count else { throw Failure(message: "truncated stored block", offset: p) }
        let len = Int(bits.data[p]) | Int(bits.data[p + 1]) << 8
        let nlen = Int(bits.data[p + 2]) | Int(bits.data[p + 3]) << 8
        guard len == ~nlen & 0xFFFF else { throw Failure(message: "stored block length check failed", offset: p) }
        guard p + 4 + len <= bits.data.count else { throw Failure(message: "truncated stored block", offset: p) }
        out.append(contentsOf: bits.data[(p + 4)..<(p + 4 + len)])
        bits.pos = p + 4 + len
    }

    // RFC 1951 3.2.5: base lengths and extra bits of length codes 257..285 and distance codes 0..29.
    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                             35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                              3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                               257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                               8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                                7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func codes(_ bits: inout BitReader, _ out: inout [UInt8],
                              _ lit: Huffman, _ dist: Huffman) throws(Failure) {
        while true {
            let sym = try lit.decode(&bits)
            if sym < 256 {
                out.append(UInt8(sym))
            } else if sym == 256 {
                return
            } else {
                let li = sym - 257
                guard li < lengthBase.count else { throw Failure(message: "invalid length code \(sym)", offset: bits.pos) }
                let length = lengthBase[li] + Int(try bits.read(lengthExtra[li]))
                let di = try dist.decode(&bits)
                guard di < distanceBase.count else { throw Failure(message: "invalid distance code \(di)", offset: bits.pos) }
                let distance = distanceBase[di] + Int(try bits.read(distanceExtra[di]))
                guard distance <= out.count else {
                    throw Failure(message: "distance \(distance) reaches before the start of the output", offset: bits.pos)
                }
                let from = out.count - distance
                for i in 0..<length { out.append(out[from + i]) }
            }
        }
    }

    /// Order in which code length code lengths are stored (RFC 1951 3.2.7).
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    private static func dynamicTables(_ bits: inout BitReader) throws(Failure) -> (Huffman, Huffman) {
        let nlen = Int(try bits.read(5)) + 257
        let ndist = Int(try bits.read(5)) + 1
        let ncode = Int(try bits.read(4)) + 4
        guard nlen <= 286, ndist <= 30 else { throw Failure(message: "too many length or distance codes", offset: bits.pos) }
        var clens = [Int](repeating: 0, count: 19)
        for i in 0..<ncode { clens[codeLengthOrder[i]] = Int(try bits.read(3)) }
        let clcode = try Huffman(lengths: clens, at: bits.pos)
        var lengths: [Int] = []
        while lengths.count < nlen + ndist {
            let sym = try clcode.decode(&bits)
            switch sym {
            case 0..<16: lengths.append(sym)
            case 16:
                guard let prev = lengths.last else { throw Failure(message: "repeat with no previous length", offset: bits.pos) }
                lengths += Array(repeating: prev, count: 3 + Int(try bits.read(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + Int(try bits.read(3)))
            default: lengths += Array(repeating: 0, count: 11 + Int(try bits.read(7)))
            }
        }
        guard lengths.count == nlen + ndist else { throw Failure(message: "code lengths overrun", offset: bits.pos) }
        guard lengths[256] != 0 else { throw Failure(message: "no end-of-block code", offset: bits.pos) }
        return (try Huffman(lengths: Array(lengths[0..<nlen]), at: bits.pos),
                try Huffman(lengths: Array(lengths[nlen...]), at: bits.pos))
    }
}

/// Reads bits least-significant first, as DEFLATE packs them.
struct BitReader {
    let data: [UInt8]
    var pos: Int
    var buffer: UInt64 = 0
    var count = 0

    init(data: [UInt8], pos: Int) {
        self.data = data
        self.pos = pos
    }

    mutating func read(_ n: Int) throws(Inflate.Failure) -> UInt32 {
        if n == 0 { return 0 }
        while count < n {
            guard pos < data.count else { throw Inflate.Failure(message: "unexpected end of compressed data", offset: pos) }
            buffer |= UInt64(data[pos]) << UInt64(count)
            pos += 1
            count += 8
        }
        let v = UInt32(truncatingIfNeeded: buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        count -= n
        return v
    }

    /// Drops the bits left in the current byte (before a stored block).
    mutating func alignToByte() {
        // Whole bytes still buffered were read ahead; give them back.
        pos -= count / 8
        buffer = 0
        count = 0
    }
}

/// A canonical Huffman code: how many codes of each length, and symbols in code order.
struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: [Int], at offset: Int) throws(Inflate.Failure) {
        for l in lengths { counts[l] += 1 }
        counts[0] = 0
        var left = 1
        for len in 1...15 {
            left = left << 1 - counts[len]
            guard left >= 0 else { throw Inflate.Failure(message: "over-subscribed Huffman code", offset: offset) }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
        symbols = [Int](repeating: 0, count: lengths.count)
        for (sym, l) in lengths.enumerated() where l != 0 {
            symbols[offsets[l]] = sym
            offsets[l] += 1
        }
    }

    /// Reads one symbol, one bit at a time from the shortest code up.
    func decode(_ bits: inout BitReader) throws(Inflate.Failure) -> Int {
        var code = 0, first = 0, index = 0
        for len in 1...15 {
            code |= Int(try bits.read(1))
            let n = counts[len]
            if code - first < n { return symbols[index + code - first] }
            index += n
            first = (first + n) << 1
            code <<= 1
        }
        throw Inflate.Failure(message: "invalid Huffman code", offset: bits.pos)
    }

    static let fixedLiteral: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        return try! Huffman(lengths: l, at: 0)
    }()

    static let fixedDistance: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30), at: 0)
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) as gzip uses it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
