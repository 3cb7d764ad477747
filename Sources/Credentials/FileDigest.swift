import CMbedTLS

/// SHA-256 of data read in pieces (the policy's allow-list of kernels and initrds).
public struct SHA256Digest {
    private var context = sbcrypto_sha256()

    public init() { sbcrypto_sha256_start(&context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        sbcrypto_sha256_update(&context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The digest as lower-case hex.
    public mutating func finish() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { sbcrypto_sha256_finish(&context, $0.baseAddress) }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for b in out { text.append(digits[Int(b >> 4)]); text.append(digits[Int(b & 15)]) }
        return String(decoding: text, as: UTF8.self)
    }
}
