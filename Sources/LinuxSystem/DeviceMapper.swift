#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// One line of a device-mapper table: `length` 512-byte sectors from `start` mapped by
/// the target `type` ("linear", "striped", "crypt", "error") with its parameter string.
public struct DMTarget: Sendable, Equatable {
    /// First sector of the mapped device this line covers.
    public var start: UInt64
    /// How many 512-byte sectors it covers.
    public var length: UInt64
    /// The target's name, as the kernel's target registry knows it.
    public var type: String
    /// The target's parameters (for `crypt`, with the key: wiped after use by the caller).
    public var parameters: [UInt8]

    public init(start: UInt64, length: UInt64, type: String, parameters: [UInt8]) {
        self.start = start
        self.length = length
        self.type = type
        self.parameters = parameters
    }

    public init(start: UInt64, length: UInt64, type: String, parameters: String) {
        self.init(start: start, length: length, type: type, parameters: Array(parameters.utf8))
    }
}

/// The kernel's device mapper through its control node (`linux/dm-ioctl.h`): a device
/// is created, given a table loaded **read-only** and resumed; removed at the hand-off.
/// The devices made are recorded in `recordPath` so that PID 1's hand-off removes what
/// the menu's child process created.
public enum DeviceMapper {
    /// The control node (a misc device devtmpfs makes when dm-mod is loaded).
    public static var controlPath = "/dev/mapper/control"
    /// `NAME NODE` per device created, oldest first.
    public static let recordPath = "/run/swiftboot/dm-devices"

    // struct dm_ioctl: 312 bytes; the offsets of the fields used.
    static let headerSize = 312
    static let nameOffset = 48, nameLength = 128
    static let uuidOffset = 176, uuidLength = 129
    // struct dm_target_spec: 40 bytes before its parameter string.
    static let specSize = 40

    /// `_IOWR(0xfd, nr, struct dm_ioctl)`.
    static func request(_ nr: UInt) -> UInt { 0xC000_0000 | (UInt(headerSize) << 16) | 0xFD00 | nr }
    static let devCreate = request(3), devRemove = request(4), devSuspend = request(6), tableLoad = request(9)

    static let readOnlyFlag: UInt32 = 1 << 0
    static let secureDataFlag: UInt32 = 1 << 15

    /// The interface version asked for: 4.0.0 (every kernel since 2.6 answers 4.x).
    static let version: (UInt32, UInt32, UInt32) = (4, 0, 0)

    /// The ioctl buffer: a `struct dm_ioctl` for `name` (and `uuid`) followed by `payload`
    /// (the target specs of a table load). Throws `ENAMETOOLONG` for names the kernel
    /// cannot hold.
    static func buffer(name: String, uuid: String?, flags: UInt32, targetCount: Int = 0,
                       payload: [UInt8] = []) throws(SystemError) -> [UInt8] {
        let nameBytes = Array(name.utf8), uuidBytes = Array((uuid ?? "").utf8)
        guard !nameBytes.isEmpty, nameBytes.count < nameLength, uuidBytes.count < uuidLength,
              !nameBytes.contains(0), !nameBytes.contains(UInt8(ascii: "/")) else {
            throw SystemError(call: "device-mapper name", path: name, errno: ENAMETOOLONG)
        }
        // Room after the payload for what the kernel writes back (status strings).
        var bytes = [UInt8](repeating: 0, count: headerSize + payload.count + 16 * 1024)
        put32(&bytes, 0, version.0); put32(&bytes, 4, version.1); put32(&bytes, 8, version.2)
        put32(&bytes, 12, UInt32(bytes.count))            // data_size
        put32(&bytes, 16, UInt32(headerSize))             // data_start
        put32(&bytes, 20, UInt32(targetCount))
        put32(&bytes, 28, flags)
        bytes.replaceSubrange(nameOffset..<nameOffset + nameBytes.count, with: nameBytes)
        bytes.replaceSubrange(uuidOffset..<uuidOffset + uuidBytes.count, with: uuidBytes)
        bytes.replaceSubrange(headerSize..<headerSize + payload.count, with: payload)
        return bytes
    }

    /// The target specs of a table: each a `struct dm_target_spec` followed by its
    /// NUL-terminated parameters, padded to 8 bytes (`next` = the offset of the next spec).
    static func tablePayload(_ targets: [DMTarget]) -> [UInt8] {
        var out: [UInt8] = []
        for target in targets {
            let start = out.count
            var size = specSize + target.parameters.count + 1
            size = (size + 7) & ~7
            out.append(contentsOf: [UInt8](repeating: 0, count: size))
            put64(&out, start, target.start)
            put64(&out, start + 8, target.length)
            put32(&out, start + 20, UInt32(size))     // next
            let type = Array(target.type.utf8.prefix(15))
            out.replaceSubrange(start + 24..<start + 24 + type.count, with: type)
            out.replaceSubrange(start + specSize..<start + specSize + target.parameters.count, with: target.parameters)
        }
        return out
    }

    static func put32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    static func put64(_ bytes: inout [UInt8], _ at: Int, _ value: UInt64) {
        for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }

    static func get64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }

    /// Zeroes `bytes` in a way the optimizer keeps (the buffer held a key).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
        }
    }

    /// One device-mapper request on the control node.
    static func send(_ request: UInt, _ bytes: inout [UInt8], what: String) throws(SystemError) {
        let control = try FileDescriptor.open(controlPath, .readWrite)
        defer { control.close() }
        let result = bytes.withUnsafeMutableBytes { raw in
            clinux_ioctl_ptr(control.rawValue, request, raw.baseAddress)
        }
        if result < 0 { throw SystemError(call: "ioctl(\(what))", path: controlPath, errno: errno) }
    }

    /// Creates device `name` (with `uuid`, e.g. `LVM-<vg uuid><lv uuid>`), loads `targets`
    /// as a read-only table and resumes it; returns its node (`/dev/dm-N`) once devtmpfs
    /// has it. With `secret` (a crypt key in the parameters) the kernel is told to wipe its
    /// copies (`DM_SECURE_DATA_FLAG`) and the buffer here is wiped. On failure the device
    /// is removed again; on success it is recorded for the hand-off.
    public static func createReadOnly(name: String, uuid: String?, targets: [DMTarget],
                                      secret: Bool = false) throws(SystemError) -> String {
        var create = try buffer(name: name, uuid: uuid, flags: readOnlyFlag)
        try send(devCreate, &create, what: "DM_DEV_CREATE \(name)")
        let dev = get64(create, 40)
        // huge_encode_dev: minor's low byte, then major, then the minor's high bits.
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let node = "/dev/dm-\(minor)"
        do throws(SystemError) {
            var payload = tablePayload(targets)
            var load = try buffer(name: name, uuid: nil, flags: readOnlyFlag | (secret ? secureDataFlag : 0),
                                  targetCount: targets.count, payload: payload)
            if secret { wipe(&payload) }
            defer { if secret { wipe(&load) } }
            try send(tableLoad, &load, what: "DM_TABLE_LOAD \(name)")
            // DM_DEV_SUSPEND without DM_SUSPEND_FLAG resumes: the loaded table goes live.
            var resume = try buffer(name: name, uuid: nil, flags: readOnlyFlag)
            try send(devSuspend, &resume, what: "DM_DEV_SUSPEND (resume) \(name)")
            for _ in 0..<100 where !FileSystem.exists(node) { usleep(10_000) }
            guard FileSystem.exists(node) else { throw SystemError(call: "open", path: node, errno: ENOENT) }
        } catch {
            let failure = error
            do { try remove(name: name) } catch {
                Log.error("dm: removing \(name) after a failed create: \(error)")
            }
            throw failure
        }
        record(name: name, node: node)
        return node
    }

    /// `DM_DEV_REMOVE`: removes device `name` (its table and node).
    public static func remove(name: String) throws(SystemError) {
        var bytes = try buffer(name: name, uuid: nil, flags: 0)
        try send(devRemove, &bytes, what: "DM_DEV_REMOVE \(name)")
    }

    /// The record of devices created, for the hand-off.
    static var record: RecordFile { RecordFile(recordPath) }

    /// Appends `NAME NODE` to `recordPath`.
    static func record(name: String, node: String) {
        record.append(name, node, subsystem: "dm")
    }

    /// The devices created so far (from `recordPath`), oldest first.
    public static func recorded() -> [(name: String, node: String)] {
        record.lines().map { (name: $0.0, node: $0.1) }
    }

    /// Removes every recorded device, newest first (a device stacked on another goes
    /// before it): the hand-off, before md arrays are stopped. Returns how many went.
    @discardableResult
    public static func removeAll() -> Int {
        var removed = 0
        for (name, node) in recorded().reversed() {
            do {
                try remove(name: name)
                BlockReadOnly.forget(node)
                Log.info("dm: \(name) (\(node)) removed")
                removed += 1
            } catch {
                Log.error("dm: removing \(name) (\(node)): \(error)")
            }
        }
        record.clear()
        return removed
    }
}
