/// One measurement: what is extended into which PCR, and how the event log records it.
public struct Measurement: Sendable, Equatable {
    /// TCG event types (PC Client Platform Firmware Profile, table 9).
    public static let evIPL: UInt32 = 0x0000_000D
    public static let evEventTag: UInt32 = 0x0000_0006
    public static let evNoAction: UInt32 = 0x0000_0003
    public static let evBootServicesApplication: UInt32 = 0x8000_0003

    public var pcr: UInt32
    public var eventType: UInt32
    /// The event data recorded in the log (not hashed into the PCR).
    public var eventData: [UInt8]
    /// One digest per bank, in the order of the banks asked for.
    public var digests: [(HashAlgorithm, [UInt8])]
    /// What was measured, for the log line (`kernel fs:/vmlinuz`, `UKI section .linux`).
    public var what: String

    public init(pcr: UInt32, eventType: UInt32, eventData: [UInt8], digests: [(HashAlgorithm, [UInt8])], what: String) {
        self.pcr = pcr
        self.eventType = eventType
        self.eventData = eventData
        self.digests = digests
        self.what = what
    }

    public static func == (a: Measurement, b: Measurement) -> Bool {
        a.pcr == b.pcr && a.eventType == b.eventType && a.eventData == b.eventData && a.what == b.what
            && a.digests.map(\.0) == b.digests.map(\.0) && a.digests.map(\.1) == b.digests.map(\.1)
    }
}

/// A TCG2 crypto-agile event log (TCG PC Client Platform Firmware Profile 2.0, 10.2):
/// the `Spec ID Event03` header in the SHA-1 `TCG_PCR_EVENT` format, then one
/// `TCG_PCR_EVENT2` per measurement. The same format as the firmware's log in
/// `/sys/kernel/security/tpm0/binary_bios_measurements` (tpm2_eventlog reads it).
public struct EventLog: Sendable {
    public private(set) var bytes: [UInt8]

    /// A log whose header declares `banks`.
    public init(banks: [HashAlgorithm]) {
        var spec: [UInt8] = Array("Spec ID Event03".utf8) + [0]
        spec.appendLittleEndian(UInt32(0))          // platformClass: client
        spec += [0, 2, 0, 2]                          // specVersionMinor 0, Major 2, errata 0, uintnSize 2 (UINT64)
        let declared = banks.filter { $0.digestSize != nil }
        spec.appendLittleEndian(UInt32(declared.count))
        for bank in declared {
            spec.appendLittleEndian(bank.rawValue)
            spec.appendLittleEndian(UInt16(bank.digestSize!))
        }
        spec.append(0)                                // vendorInfoSize
        var header: [UInt8] = []
        header.appendLittleEndian(UInt32(0))           // pcrIndex
        header.appendLittleEndian(Measurement.evNoAction)
        header += [UInt8](repeating: 0, count: 20)     // SHA-1 digest field, zero
        header.appendLittleEndian(UInt32(spec.count))
        bytes = header + spec
    }

    /// Appends one `TCG_PCR_EVENT2`: pcrIndex, eventType, `TPML_DIGEST_VALUES` (count,
    /// then algorithm id and digest per bank), eventSize, event. Little-endian.
    public mutating func append(_ m: Measurement) {
        bytes.appendLittleEndian(m.pcr)
        bytes.appendLittleEndian(m.eventType)
        bytes.appendLittleEndian(UInt32(m.digests.count))
        for (algorithm, digest) in m.digests {
            bytes.appendLittleEndian(algorithm.rawValue)
            bytes += digest
        }
        bytes.appendLittleEndian(UInt32(m.eventData.count))
        bytes += m.eventData
    }
}

/// Extending a PCR: `new = H(old || digest)` (TPM 2.0 Part 1, 17.2), for replaying a
/// log in tests and documentation.
public enum PCRValue {
    public static func extend(_ old: [UInt8], with digest: [UInt8], algorithm: HashAlgorithm) -> [UInt8]? {
        algorithm.digest(old + digest)
    }
}
