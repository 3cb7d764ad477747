#if canImport(Glibc)
import Glibc
#endif

/// A file of two-word lines under /run that the menu's child process appends to and
/// PID 1 reads at the hand-off: what was started (md arrays, device-mapper devices) and
/// must be stopped before the next kernel.
public struct RecordFile: Sendable {
    /// The file's path.
    public let path: String

    public init(_ path: String) { self.path = path }

    /// Appends `first second` as one line; a failure is logged with `subsystem`'s prefix.
    public func append(_ first: String, _ second: String, subsystem: String) {
        do {
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .append])
            defer { fd.close() }
            try fd.writeAll(Array("\(first) \(second)\n".utf8))
        } catch {
            Log.error("\(subsystem): recording \(first) in \(path): \(error)")
        }
    }

    /// The lines recorded so far, oldest first (lines of another shape are skipped).
    public func lines() -> [(String, String)] {
        ((try? FileSystem.readText(path)) ?? "").split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            return words.count == 2 ? (String(words[0]), String(words[1])) : nil
        }
    }

    /// Removes the file (everything recorded has been stopped).
    public func clear() { _ = unlink(path) }
}
