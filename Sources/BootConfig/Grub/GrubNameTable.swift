/// A fixed table from names to values, looked up by a cheap hash of the name's UTF-8
/// bytes (FNV-1a) and one comparison, instead of SipHash: used for the names of GRUB's
/// commands and options, looked up on every command run.
struct GrubNameTable<Value>: @unchecked Sendable {
    private var keys: [String?]
    private var values: [Value?]
    private let mask: Int

    init(_ entries: [(String, Value)]) {
        var size = 8
        while size < entries.count * 4 { size *= 2 }
        mask = size - 1
        keys = Array(repeating: nil, count: size)
        values = Array(repeating: nil, count: size)
        for (key, value) in entries {
            var slot = Self.hash(key) & mask
            while let existing = keys[slot], existing != key { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    private static func hash(_ name: String) -> Int {
        name.utf8.withContiguousStorageIfAvailable { bytes in
            var h: UInt32 = 2_166_136_261
            for b in bytes { h = (h ^ UInt32(b)) &* 16_777_619 }
            return Int(h)
        } ?? {
            var h: UInt32 = 2_166_136_261
            for b in name.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
            return Int(h)
        }()
    }

    subscript(name: String) -> Value? {
        var slot = Self.hash(name) & mask
        while let key = keys[slot] {
            if key == name { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
