extension LUKSHeader {
    /// Bytes of LUKS1's `phdr`: the fixed fields and 8 keyslots of 48 bytes from offset 208.
    public static let luks1HeaderSize = 592

    /// LUKS1's keyslot states.
    static let keyslotEnabled: UInt32 = 0x00AC_71F3
    static let keyslotDisabled: UInt32 = 0x0000_DEAD

    /// Parses LUKS1's `phdr` (the first 592 bytes of the device): cipher name and mode,
    /// hash, payload offset, key bytes, the volume key digest (PBKDF2, 20 bytes, salt,
    /// iterations), UUID and the enabled keyslots.
    public static func parseLUKS1(_ b: [UInt8]) throws(ParseError) -> LUKSHeader {
        guard b.count >= luks1HeaderSize else { throw .tooShort(needed: luks1HeaderSize, have: b.count) }
        guard Array(b[0..<6]) == magic else { throw .badMagic }
        let version = Int(BigEndian.u16(b, 6))
        guard version == 1 else { throw .unsupportedVersion(version) }
        let cipherName = BigEndian.text(b, 8, 32)
        let cipherMode = BigEndian.text(b, 40, 32)
        let hash = BigEndian.text(b, 72, 32)
        let payloadOffset = UInt64(BigEndian.u32(b, 104))
        let keyBytes = Int(BigEndian.u32(b, 108))
        guard !cipherName.isEmpty, !cipherMode.isEmpty, !hash.isEmpty else { throw .invalid("LUKS1: empty cipher or hash") }
        guard keyBytes > 0, keyBytes <= 128 else { throw .invalid("LUKS1: key bytes \(keyBytes)") }
        let cipher = cipherName + "-" + cipherMode
        let digest = Digest(hash: hash, iterations: Int(BigEndian.u32(b, 164)), salt: Array(b[132..<164]),
                            digest: Array(b[112..<132]), keyslots: Array(0..<8), segments: [0])
        var slots: [Keyslot] = []
        for i in 0..<8 {
            let at = 208 + 48 * i
            let state = BigEndian.u32(b, at)
            guard state == keyslotEnabled else {
                if state != keyslotDisabled { throw .invalid("LUKS1: keyslot \(i) has state 0x\(String(state, radix: 16))") }
                continue
            }
            let stripes = Int(BigEndian.u32(b, at + 44))
            guard stripes > 0, stripes <= 1 << 20 else { throw .invalid("LUKS1: keyslot \(i) has \(stripes) stripes") }
            let material = UInt64(keyBytes * stripes)
            slots.append(Keyslot(
                index: i,
                kdf: .pbkdf2(hash: hash, iterations: Int(BigEndian.u32(b, at + 4)), salt: Array(b[(at + 8)..<(at + 40)])),
                areaOffset: UInt64(BigEndian.u32(b, at + 40)) * 512, areaSize: (material + 511) / 512 * 512,
                areaCipher: cipher, areaKeyBytes: keyBytes, keyBytes: keyBytes, stripes: stripes, afHash: hash))
        }
        return LUKSHeader(version: 1, uuid: BigEndian.text(b, 168, 40), label: "", keyslots: slots, digests: [digest],
                          segments: [Segment(index: 0, offset: payloadOffset * 512, size: nil, ivTweak: 0, cipher: cipher,
                                             sectorSize: 512)])
    }
}
