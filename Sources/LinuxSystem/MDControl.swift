#if canImport(Glibc)
import Glibc
#endif

/// The kernel's md driver through its device requests (`md_u.h`) and sysfs: an array is
/// created empty, told its superblock format (`SET_ARRAY_INFO`), given its members
/// (`ADD_NEW_DISK`: the kernel reads each member's superblock) and started read-only;
/// `STOP_ARRAY` at the hand-off. The arrays started are recorded in `recordPath` so that
/// PID 1's hand-off stops what the menu's child process started.
public enum MDControl {
    /// `_IOW(9, 0x23, mdu_array_info_t)`: 18 ints.
    static let setArrayInfo: UInt = 0x4048_0923
    /// `_IOW(9, 0x21, mdu_disk_info_t)`: 5 ints.
    static let addNewDisk: UInt = 0x4014_0921
    /// `_IOW(9, 0x30, mdu_param_t)`: 3 ints.
    static let runArray: UInt = 0x400C_0930
    /// `_IO(9, 0x32)`.
    static let stopArray: UInt = 0x0932

    /// `NODE UUID` per started array.
    public static let recordPath = "/run/swiftboot/md-arrays"

    /// Whether `node` is an md array's node (`/dev/md127`).
    public static func isArrayNode(_ node: String) -> Bool {
        guard node.hasPrefix("/dev/md") else { return false }
        let rest = node.dropFirst(7)
        return !rest.isEmpty && rest.allSatisfy(\.isNumber)
    }

    /// Whether `node` is an md array or one of its partitions (`/dev/md127p1`): clearing
    /// the read-only flag of either goes to the md driver, which makes the array writable.
    public static func isOnArray(_ node: String) -> Bool {
        if isArrayNode(node) { return true }
        guard let p = node.lastIndex(of: "p") else { return false }
        let number = node[node.index(after: p)...]
        return isArrayNode(String(node[..<p])) && !number.isEmpty && number.allSatisfy(\.isNumber)
    }

    /// Creates an empty array device with the first free minor from 127 down (writing
    /// `mdN` to md-mod's `new_array` parameter) and returns its node once devtmpfs has it.
    public static func createArray(sysfs: String = "/sys") throws(SystemError) -> String {
        var minor = 127
        while minor >= 0 && FileSystem.exists("\(sysfs)/block/md\(minor)") { minor -= 1 }
        guard minor >= 0 else { throw SystemError(call: "new_array", path: "md", errno: ENOSPC) }
        let parameter = "\(sysfs)/module/md_mod/parameters/new_array"
        try FileSystem.writeText("md\(minor)", to: parameter)
        let node = "/dev/md\(minor)"
        for _ in 0..<100 where !FileSystem.exists(node) { usleep(10_000) }
        guard FileSystem.exists(node) else { throw SystemError(call: "open", path: node, errno: ENOENT) }
        return node
    }

    /// `SET_ARRAY_INFO` with no disks: tells the empty array its superblock format
    /// (0.90: major 0, minor 90; 1.x: major 1, minor x), so `ADD_NEW_DISK` loads it.
    public static func setFormat(_ node: String, major: Int32, minor: Int32) throws(SystemError) {
        var info = (Int32(major), Int32(minor), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0),
                    Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0), Int32(0))
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        try fd.control(setArrayInfo, &info, name: "ioctl(SET_ARRAY_INFO) on \(node)")
    }

    /// `ADD_NEW_DISK`: the member with device number `major:minor`; the kernel reads and
    /// checks its superblock against those of the members added before.
    public static func addMember(_ node: String, major: Int32, minor: Int32) throws(SystemError) {
        var disk = (Int32(0), major, minor, Int32(0), Int32(0))
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        try fd.control(addNewDisk, &disk, name: "ioctl(ADD_NEW_DISK) on \(node)")
    }

    /// Starts the array read-only. md-mod's `start_ro` is set first; then `readonly` is
    /// written to `md/array_state`, which runs an inactive array with the kernel's
    /// read-only mode (no resync, no superblock update, writes refused). Where that
    /// attribute refuses, `RUN_ARRAY` starts it under `start_ro` (auto-read-only: nothing is
    /// written until something writes to the array, and swiftboot never does).
    /// Returns how it was started.
    public static func startReadOnly(_ node: String, sysfs: String = "/sys") throws(SystemError) -> String {
        do {
            try FileSystem.writeText("1", to: "\(sysfs)/module/md_mod/parameters/start_ro")
        } catch {
            Log.error("md: setting md-mod's start_ro: \(error)")
        }
        let name = String(node.dropFirst(5))
        do {
            try FileSystem.writeText("readonly", to: "\(sysfs)/block/\(name)/md/array_state")
            return "array_state=readonly"
        } catch {
            Log.error("md: \(node): writing readonly to md/array_state: \(error); trying RUN_ARRAY with start_ro")
        }
        var parameters = (Int32(0), Int32(0), Int32(0))
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        try fd.control(runArray, &parameters, name: "ioctl(RUN_ARRAY) on \(node)")
        return "RUN_ARRAY, start_ro"
    }

    /// `STOP_ARRAY`: stops the array and frees its members.
    public static func stop(_ node: String) throws(SystemError) {
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        try fd.control(stopArray, value: 0, name: "ioctl(STOP_ARRAY) on \(node)")
    }

    /// Records `node` as started for array `uuid` (appends to `recordPath`).
    public static func record(_ node: String, uuid: String) {
        RecordFile(recordPath).append(node, uuid, subsystem: "md")
    }

    /// The arrays started so far: UUID → node.
    public static func recorded() -> [String: String] {
        var arrays: [String: String] = [:]
        for (node, uuid) in RecordFile(recordPath).lines() { arrays[uuid] = node }
        return arrays
    }

    /// Stops every recorded array (the hand-off, after unmounting and before the
    /// read-only flags are restored: clearing an md array's flag would make it writable).
    /// Returns how many stopped.
    @discardableResult
    public static func stopAll() -> Int {
        var stopped = 0
        for (uuid, node) in recorded().sorted(by: { $0.value < $1.value }) {
            do {
                try stop(node)
                BlockReadOnly.forget(node)
                Log.info("md: \(node) (UUID \(uuid)) stopped")
                stopped += 1
            } catch {
                Log.error("md: stopping \(node) (UUID \(uuid)): \(error)")
            }
        }
        RecordFile(recordPath).clear()
        return stopped
    }
}
