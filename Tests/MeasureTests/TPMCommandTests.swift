import Testing
@testable import Measure

/// The command bytes against the layouts of TPM 2.0 Library Part 3 (30.2
/// TPM2_GetCapability, 22.2 TPM2_PCR_Extend) and Part 2 (TPMS_AUTH_COMMAND,
/// TPML_DIGEST_VALUES, TPML_PCR_SELECTION).
@Suite struct TPMCommandTests {
    @Test func getCapabilityPCRs() {
        #expect(hex(TPMCommand.getPCRBanks()) ==
            "8001" + "00000016" + "0000017a" + "00000005" + "00000000" + "00000001")
    }

    @Test func pcrExtendWithTwoBanks() {
        let sha1 = [UInt8](repeating: 0x11, count: 20)
        let sha256 = [UInt8](repeating: 0xAB, count: 32)
        let command = TPMCommand.pcrExtend(pcr: 12, digests: [(.sha1, sha1), (.sha256, sha256)])
        let expected = "8002" + String(10 + 4 + 4 + 9 + 4 + 22 + 34, radix: 16).leftPadded(8) + "00000182"
            + "0000000c"                                  // pcrHandle
            + "00000009" + "40000009" + "0000" + "00" + "0000" // auth area: TPM_RS_PW, empty
            + "00000002" + "0004" + hex(sha1) + "000b" + hex(sha256)
        #expect(hex(command) == expected)
        #expect(command.count == 87)
    }

    @Test func activeBanksSkipsEmptySelections() throws {
        let body = "00" + "00000005" + "00000002" + "0004" + "03" + "000000" + "000b" + "03" + "ffffff"
        let response = bytes(hex: "8001" + String(10 + body.count / 2, radix: 16).leftPadded(8) + "00000000" + body)
        #expect(try TPMResponse.activeBanks(response) == [.sha256])
    }

    @Test func errorCodeAndSizeMismatch() {
        #expect(throws: TPMResponseError(code: 0x101, detail: "TPM_RC_FAILURE")) {
            try TPMResponse.checked(bytes(hex: "8001" + "0000000a" + "00000101"))
        }
        #expect(throws: TPMResponseError.self) { try TPMResponse.checked(bytes(hex: "8001" + "0000000b" + "00000000")) }
        #expect(throws: TPMResponseError.self) { try TPMResponse.activeBanks(bytes(hex: "8001" + "0000000e" + "00000000" + "00000005")) }
        // A selection list that runs past the end.
        let body = "00" + "00000005" + "00000001" + "000b" + "08" + "ff"
        #expect(throws: TPMResponseError.self) {
            try TPMResponse.activeBanks(bytes(hex: "8001" + String(10 + body.count / 2, radix: 16).leftPadded(8) + "00000000" + body))
        }
    }

    @Test func sha1Vectors() {
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        var h = SHA1()
        for _ in 0..<1000 { h.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(hex(h.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// FIPS 180-4 example vectors (NIST CSRC "Example Values").
    @Test func sha384And512Vectors() {
        #expect(hex(HashAlgorithm.sha512.digest(Array("abc".utf8))!) ==
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(hex(HashAlgorithm.sha384.digest(Array("abc".utf8))!) ==
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(hex(HashAlgorithm.sha512.digest([UInt8]())!) ==
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        var h = HashAlgorithm.sha384.hasher()!
        for _ in 0..<1000 { h.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(hex(h.finalize()) ==
            "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
