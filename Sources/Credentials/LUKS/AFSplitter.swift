import CMbedTLS

/// LUKS's anti-forensic information splitter, merge direction: the key material holds
/// `stripes` blocks of `blockSize` bytes; folding them as d = H(d xor s_i) over the first
/// stripes - 1 blocks, with H the hash diffusion, and xoring the last block gives the key.
public enum AFSplitter {
    /// The merged key, or nil for a hash mbedTLS does not know or too little material.
    public static func merge(_ material: SecretBytes, blockSize: Int, stripes: Int, hash: String) -> SecretBytes? {
        let digestSize = Int(hash.withCString { sbcrypto_md_size($0) })
        guard digestSize > 0, blockSize > 0, stripes > 0, material.count >= blockSize * stripes else { return nil }
        let d = SecretBytes(count: blockSize)
        let scratch = SecretBytes(count: digestSize)
        for stripe in 0..<(stripes - 1) {
            let s = material.base + stripe * blockSize
            for i in 0..<blockSize { d.base[i] ^= s[i] }
            guard diffuse(d, hash: hash, digestSize: digestSize, scratch: scratch) else { return nil }
        }
        let last = material.base + (stripes - 1) * blockSize
        for i in 0..<blockSize { d.base[i] ^= last[i] }
        return d
    }

    /// The diffusion: each digest-sized piece j (the last one may be shorter) replaced by
    /// the first bytes of H(be32(j) || piece).
    static func diffuse(_ block: SecretBytes, hash: String, digestSize: Int, scratch: SecretBytes) -> Bool {
        var piece = 0
        var at = 0
        while at < block.count {
            let n = min(digestSize, block.count - at)
            var counter: [UInt8] = [UInt8(piece >> 24 & 0xFF), UInt8(piece >> 16 & 0xFF), UInt8(piece >> 8 & 0xFF), UInt8(piece & 0xFF)]
            let r = hash.withCString { name in
                counter.withUnsafeMutableBufferPointer { c in
                    sbcrypto_hash2(name, c.baseAddress, 4, block.base + at, n, scratch.base)
                }
            }
            guard r == 0 else { return false }
            for i in 0..<n { block.base[at + i] = scratch[i] }
            at += n
            piece += 1
        }
        scratch.wipe()
        return true
    }
}
