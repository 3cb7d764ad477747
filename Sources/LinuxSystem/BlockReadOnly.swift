#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The read-only flag of block devices (`BLKROGET` / `BLKROSET`): a device marked
/// read-only refuses every write, from a filesystem (journal replay, remount) or
/// through its node. swiftboot marks each device it mounts, clears the flag only for a
/// documented write (grubenv, a BLS boot counter) and restores what it found at the
/// hand-off.
public enum BlockReadOnly {
    /// `_IO(0x12, 94)`.
    static let getRequest: UInt = 0x125E
    /// `_IO(0x12, 93)`.
    static let setRequest: UInt = 0x125D

    /// Where the flags found are kept inside swiftboot's system, so that PID 1's hand-off
    /// restores what the menu's child process marked: one `NODE 0|1` line per device.
    public static let recordPath = "/run/swiftboot/read-only-flags"

    /// The flag each marked device had before swiftboot marked it, by node (a host run,
    /// without /run/swiftboot, keeps it only here).
    private static let found = Mutex<[String: Bool]>([:])

    /// Runs `change` on the flags found, read from and written back to `recordPath`
    /// when /run/swiftboot exists.
    private static func update<T>(_ change: (inout [String: Bool]) -> T) -> T {
        found.withLock { memory in
            let persistent = FileSystem.exists("/run/swiftboot")
            if persistent, let text = try? FileSystem.readText(recordPath) {
                memory = [:]
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if words.count == 2 { memory[String(words[0])] = words[1] == "1" }
                }
            }
            let result = change(&memory)
            if persistent {
                let text = memory.keys.sorted().map { "\($0) \(memory[$0]! ? 1 : 0)\n" }.joined()
                do {
                    let fd = try FileDescriptor.open(recordPath, .writeOnly, options: [.create, .truncate, .closeOnExec])
                    defer { fd.close() }
                    try fd.writeAll(Array(text.utf8))
                } catch {
                    Log.error("\(recordPath): recording the read-only flags found: \(error)")
                }
            }
            return result
        }
    }

    /// Whether `node` is marked read-only. The corresponding C call is `ioctl(BLKROGET)`.
    public static func isSet(_ node: String) throws(SystemError) -> Bool {
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        var value: Int32 = 0
        do { try fd.control(getRequest, &value, name: "ioctl(BLKROGET)") } catch {
            throw SystemError(call: error.call, path: node, errno: error.errno)
        }
        return value != 0
    }

    /// Marks `node` read-only or writable. The corresponding C call is `ioctl(BLKROSET)`.
    public static func set(_ node: String, readOnly: Bool) throws(SystemError) {
        let fd = try FileDescriptor.open(node, .readOnly)
        defer { fd.close() }
        var value: Int32 = readOnly ? 1 : 0
        do { try fd.control(setRequest, &value, name: "ioctl(BLKROSET)") } catch {
            throw SystemError(call: error.call, path: node, errno: error.errno)
        }
    }

    /// Marks `node` read-only, remembering the flag it had the first time.
    public static func protect(_ node: String) throws(SystemError) {
        let before = try isSet(node)
        try set(node, readOnly: true)
        update { if $0[node] == nil { $0[node] = before } }
        Log.info("\(node): marked read-only (flag was \(before ? 1 : 0))")
    }

    /// Whether swiftboot marked `node` read-only (and has not restored it).
    public static func isProtected(_ node: String) -> Bool {
        update { $0[node] != nil }
    }

    /// Runs `body` with `node` writable, then marks it read-only again; for a node
    /// swiftboot did not mark, just runs `body`. Failing to mark it again is logged.
    /// An md array (`/dev/mdN`, or a partition of one) is never made writable: clearing its
    /// flag would switch the read-only array to read-write (resync, superblock updates);
    /// EROFS is thrown instead.
    public static func whileWritable<T>(_ node: String, _ body: () throws(SystemError) -> T) throws(SystemError) -> T {
        if MDControl.isOnArray(node) {
            Log.info("\(node): an md array assembled read-only; no write to it")
            throw SystemError(call: "write", path: node, errno: EROFS)
        }
        guard isProtected(node) else { return try body() }
        try set(node, readOnly: false)
        Log.info("\(node): read-only flag cleared for a documented write")
        defer {
            do {
                try set(node, readOnly: true)
                Log.info("\(node): read-only flag set again")
            } catch {
                Log.error("\(node): setting the read-only flag again: \(error)")
            }
        }
        return try body()
    }

    /// Gives `node` back the flag it had before `protect` and forgets it.
    public static func restore(_ node: String) {
        guard let before = update({ $0.removeValue(forKey: node) }) else { return }
        do {
            try set(node, readOnly: before)
        } catch {
            Log.error("\(node): restoring the read-only flag to \(before ? 1 : 0): \(error)")
        }
    }

    /// Forgets `node` without touching it (a device that is gone: a stopped md array).
    public static func forget(_ node: String) {
        _ = update { $0.removeValue(forKey: node) }
    }

    /// Restores every marked device (the hand-off, after unmounting); returns how many.
    @discardableResult
    public static func restoreAll() -> Int {
        let nodes = update { Array($0.keys) }
        for node in nodes.sorted() { restore(node) }
        return nodes.count
    }
}
