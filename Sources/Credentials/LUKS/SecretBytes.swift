import CMbedTLS

/// Bytes of a secret (a passphrase, a derived key, a volume key) in memory this object
/// owns: never copied by the type itself, wiped (a write the compiler keeps) when released
/// or on `wipe()`.
public final class SecretBytes {
    /// The bytes; valid while the object lives.
    public let buffer: UnsafeMutableRawBufferPointer

    /// `count` zero bytes.
    public init(count: Int) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        self.count = count
    }

    /// A copy of `bytes` (the caller wipes its own array with `SecretBytes.wipe(_:)`).
    public convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }

    /// The number of bytes.
    public let count: Int

    /// A pointer to the bytes.
    public var base: UnsafeMutablePointer<UInt8> { buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) }

    /// The byte at `i`.
    public subscript(i: Int) -> UInt8 { base[i] }

    /// Overwrites the bytes with zeros.
    public func wipe() { sbcrypto_wipe(buffer.baseAddress, buffer.count) }

    /// Whether the bytes equal `other` (constant time in the length).
    public func matches(_ other: [UInt8]) -> Bool {
        guard other.count == count else { return false }
        var diff: UInt8 = 0
        for i in 0..<count { diff |= base[i] ^ other[i] }
        return diff == 0
    }

    /// Calls `body` with the lowercase hex text of the bytes in a buffer wiped afterwards.
    public func withHex<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let hex = SecretBytes(count: count * 2)
        let digits: StaticString = "0123456789abcdef"
        for i in 0..<count {
            hex.base[2 * i] = digits.utf8Start[Int(base[i] >> 4)]
            hex.base[2 * i + 1] = digits.utf8Start[Int(base[i] & 15)]
        }
        return try body(UnsafeBufferPointer(start: hex.base, count: hex.count))
    }

    deinit {
        wipe()
        buffer.deallocate()
    }

    /// Overwrites the storage of `bytes` with zeros even when other copies of the array
    /// share it (every copy is wiped): for a key that went into a value the caller passed on.
    public static func wipeShared(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { sbcrypto_wipe(UnsafeMutableRawPointer(mutating: base), raw.count) }
        }
    }

    /// Overwrites an array the caller owns with zeros in place (its unique storage: call it
    /// when no copy of the array was made).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { sbcrypto_wipe($0.baseAddress, $0.count) }
    }
}
