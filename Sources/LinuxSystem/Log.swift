#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// swiftboot's log: every line goes to /dev/kmsg (when writable, so it lands in dmesg),
/// to standard error while `consoleEnabled`, and to `/run/swiftboot/log` (when
/// /run/swiftboot exists) so the UI's log screen shows lines from every process.
public enum Log {
    /// Whether `debug` lines are written (`swiftboot.debug`).
    public static var debugEnabled = false
    /// Whether lines go to standard error; the UI turns this off while ncurses owns the screen.
    public static var consoleEnabled = true
    /// The shared log file.
    public static let filePath = "/run/swiftboot/log"
    /// Lines are prefixed with this.
    public static let prefix = "swiftboot: "

    private static var recent: [String] = []
    private static var kmsg: FileDescriptor?
    private static var kmsgTried = false

    /// Logs a normal event.
    public static func info(_ s: String) { emit(s, priority: 6) }

    /// Logs a failure; the text should name the device, the file and the cause.
    public static func error(_ s: String) { emit("error: " + s, priority: 3) }

    /// Logs detail shown only with `swiftboot.debug`.
    public static func debug(_ s: String) {
        if debugEnabled { emit(s, priority: 7) }
    }

    /// The lines logged so far: the shared log file when there is one (all processes),
    /// else this process's own lines.
    public static func lines() -> [String] {
        if let text = try? FileSystem.readText(filePath) {
            return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }
        return recent
    }

    /// Serializes lines from the menu's network threads with the main thread's.
    private static let lock = Mutex<Void>(())

    private static func emit(_ message: String, priority: Int) {
        lock.withLock { _ in emitLocked(message, priority: priority) }
    }

    private static func emitLocked(_ message: String, priority: Int) {
        for part in message.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = prefix + part
            recent.append(line)
            if recent.count > 1000 { recent.removeFirst(recent.count - 1000) }
            if consoleEnabled { write(line + "\n", to: 2) }
            // Only inside swiftboot's own system (PID 1 created /run/swiftboot): a host
            // `swiftboot entries IMAGE` run must not write into the host's kernel log.
            // PID 1's first lines come before that and are kept until it exists.
            guard access("/run/swiftboot", F_OK) == 0 else {
                if getpid() == 1 && early.count < 200 { early.append((line, priority)) }
                continue
            }
            let pending = early + [(line, priority)]
            early = []
            for (text, level) in pending { persist(text, priority: level) }
        }
    }

    /// Lines PID 1 logged before /run/swiftboot existed.
    private static var early: [(String, Int)] = []

    private static func persist(_ line: String, priority: Int) {
        if let fd = kernelLog() { write("<\(priority)>" + line + "\n", to: fd.rawValue) }
        if let file = try? FileDescriptor.open(filePath, .writeOnly, options: [.create, .append]) {
            write(line + "\n", to: file.rawValue)
            file.close()
        }
    }

    private static func kernelLog() -> FileDescriptor? {
        if !kmsgTried {
            kmsgTried = true
            kmsg = try? FileDescriptor.open("/dev/kmsg", .writeOnly, options: .noControllingTerminal)
        }
        return kmsg
    }

    private static func write(_ text: String, to fd: Int32) {
        var t = text
        t.withUTF8 { buf in _ = Glibc.write(fd, buf.baseAddress, buf.count) }
    }
}
