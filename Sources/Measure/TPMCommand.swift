/// The two TPM 2.0 commands swiftboot sends, marshalled as in the TPM 2.0 Library
/// Specification, Part 3 (commands) and Part 2 (structures): big-endian integers, a
/// 10-byte header (`tag`, `commandSize`, `commandCode`), then handles, an
/// authorization area when `tag` is `TPM_ST_SESSIONS`, and the parameters.
public enum TPMCommand {
    /// `TPM_ST_NO_SESSIONS`, `TPM_ST_SESSIONS`.
    public static let noSessions: UInt16 = 0x8001
    public static let sessions: UInt16 = 0x8002
    /// `TPM_CC_PCR_Extend`, `TPM_CC_GetCapability`.
    public static let pcrExtendCode: UInt32 = 0x0000_0182
    public static let getCapabilityCode: UInt32 = 0x0000_017A
    /// `TPM_CAP_PCRS`: the PCR banks and which PCRs each has allocated.
    public static let capPCRs: UInt32 = 0x0000_0005
    /// `TPM_RS_PW`: the password session (empty password: PCRs 0–15 need no auth value).
    public static let passwordSession: UInt32 = 0x4000_0009

    /// `TPM2_GetCapability(capability = TPM_CAP_PCRS, property = 0, propertyCount = 1)`
    /// (Part 3, 30.2): 22 bytes.
    public static func getPCRBanks() -> [UInt8] {
        var body: [UInt8] = []
        body.appendBigEndian(capPCRs)
        body.appendBigEndian(UInt32(0))
        body.appendBigEndian(UInt32(1))
        return frame(tag: noSessions, code: getCapabilityCode, body: body)
    }

    /// `TPM2_PCR_Extend(pcrHandle, digests)` (Part 3, 22.2): the PCR's handle (its
    /// index), an authorization area of one empty password session
    /// (`TPMS_AUTH_COMMAND`: handle `TPM_RS_PW`, nonce size 0, attributes 0, hmac size
    /// 0: 9 bytes), then `TPML_DIGEST_VALUES` (count, then per bank `hashAlg` and the
    /// digest).
    public static func pcrExtend(pcr: UInt32, digests: [(HashAlgorithm, [UInt8])]) -> [UInt8] {
        var body: [UInt8] = []
        body.appendBigEndian(pcr)
        body.appendBigEndian(UInt32(9))
        body.appendBigEndian(passwordSession)
        body.appendBigEndian(UInt16(0))
        body.append(0)
        body.appendBigEndian(UInt16(0))
        body.appendBigEndian(UInt32(digests.count))
        for (algorithm, digest) in digests {
            body.appendBigEndian(algorithm.rawValue)
            body.append(contentsOf: digest)
        }
        return frame(tag: sessions, code: pcrExtendCode, body: body)
    }

    static func frame(tag: UInt16, code: UInt32, body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBigEndian(tag)
        out.appendBigEndian(UInt32(10 + body.count))
        out.appendBigEndian(code)
        return out + body
    }
}

/// Why a TPM response is not the success this reader expects.
public struct TPMResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TPM's response code, nil when the response itself was malformed.
    public var code: UInt32?
    public var detail: String

    public init(code: UInt32?, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String {
        guard let code else { return detail }
        return "TPM response code 0x" + String(code, radix: 16) + " (" + detail + ")"
    }
}

/// Reading TPM 2.0 responses: the 10-byte header (`tag`, `responseSize`,
/// `responseCode`), then the command's response parameters.
public enum TPMResponse {
    /// Checks the header: at least 10 bytes, `responseSize` equal to the byte count,
    /// `responseCode` 0 (`TPM_RC_SUCCESS`). Returns the bytes after the header.
    public static func checked(_ bytes: [UInt8]) throws(TPMResponseError) -> ArraySlice<UInt8> {
        guard bytes.count >= 10 else { throw TPMResponseError(code: nil, detail: "a \(bytes.count)-byte response (the header alone is 10)") }
        let size = Int(bytes.bigEndianU32(at: 2))
        guard size == bytes.count else { throw TPMResponseError(code: nil, detail: "the response says \(size) bytes, \(bytes.count) arrived") }
        let code = bytes.bigEndianU32(at: 6)
        guard code == 0 else { throw TPMResponseError(code: code, detail: meaning(code)) }
        return bytes[10...]
    }

    /// The banks a `TPM2_GetCapability(TPM_CAP_PCRS)` response lists with at least one
    /// PCR allocated (`TPMS_CAPABILITY_DATA`: `moreData`, `capability`, then
    /// `TPML_PCR_SELECTION`: count, per bank `hash`, `sizeofSelect`, `pcrSelect`).
    public static func activeBanks(_ bytes: [UInt8]) throws(TPMResponseError) -> [HashAlgorithm] {
        let body = Array(try checked(bytes))
        guard body.count >= 9 else { throw TPMResponseError(code: nil, detail: "a GetCapability response too short for its capability data") }
        guard body.bigEndianU32(at: 1) == TPMCommand.capPCRs else {
            throw TPMResponseError(code: nil, detail: "GetCapability answered capability \(body.bigEndianU32(at: 1)), not TPM_CAP_PCRS")
        }
        let count = Int(body.bigEndianU32(at: 5))
        guard count <= 16 else { throw TPMResponseError(code: nil, detail: "\(count) PCR banks listed") }
        var at = 9
        var banks: [HashAlgorithm] = []
        for _ in 0..<count {
            guard at + 3 <= body.count else { throw TPMResponseError(code: nil, detail: "the PCR selection list runs past the response") }
            let algorithm = HashAlgorithm(rawValue: body.bigEndianU16(at: at))
            let size = Int(body[at + 2])
            guard at + 3 + size <= body.count else { throw TPMResponseError(code: nil, detail: "a PCR selection runs past the response") }
            if body[(at + 3)..<(at + 3 + size)].contains(where: { $0 != 0 }) { banks.append(algorithm) }
            at += 3 + size
        }
        return banks
    }

    /// A few response codes in words (Part 2, 6.6), for the log.
    static func meaning(_ code: UInt32) -> String {
        switch code {
        case 0x0101: return "TPM_RC_FAILURE"
        case 0x0100: return "TPM_RC_INITIALIZE: TPM2_Startup was not run"
        case 0x0143: return "TPM_RC_COMMAND_CODE: command not implemented"
        case 0x0084: return "TPM_RC_VALUE"
        case 0x0902: return "TPM_RC_RETRY"
        case 0x0908: return "TPM_RC_YIELDED"
        case 0x0922: return "TPM_RC_LOCKOUT"
        default:
            if code & 0x80 != 0 { return "format-1 error 0x" + String(code & 0x3F, radix: 16) + " on parameter/handle/session \((code >> 8) & 0xF)" }
            return "see TPM 2.0 Part 2, table 16"
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> T(shift)))
        }
    }

    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> T(shift)))
        }
    }

    func bigEndianU32(at i: Int) -> UInt32 {
        UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }

    func bigEndianU16(at i: Int) -> UInt16 {
        UInt16(self[i]) << 8 | UInt16(self[i + 1])
    }
}
