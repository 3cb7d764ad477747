#if canImport(Glibc)
import Glibc
#endif
import Cpio
import LinuxSystem

/// Checks that the running initramfs holds exactly the files it was built with: the
/// content digest of its regular files against `/etc/swiftboot/digest`
/// (docs/initramfs.md). The kexec chain test runs it in every generation.
public enum InitramfsDigest {
    /// Top-level directories whose contents appear after boot (mounts, state).
    public static let skipped: Set<String> = ["proc", "sys", "dev", "run", "tmp"]

    /// The outcome of a check.
    public enum Outcome: Sendable, Equatable {
        case match(String)
        case mismatch(stored: String, computed: String)
        /// The image has no digest file (built with `--no-digest`).
        case noDigest
    }

    /// Recomputes the digest over the tree at `root` and compares it with the stored line.
    public static func check(root: String = "/") throws(SystemError) -> Outcome {
        let base = root == "/" ? "" : root
        guard let stored = try? FileSystem.readText(base + "/" + ContentDigest.path) else { return .noDigest }
        var files: [(path: String, contents: [UInt8])] = []
        try collect(base: base, relative: "", into: &files)
        let computed = ContentDigest.line(files: files)
        let want = stored.trimmingBlanks(), got = computed.trimmingBlanks()
        return want == got ? .match(got) : .mismatch(stored: want, computed: got)
    }

    private static func collect(base: String, relative: String, into files: inout [(path: String, contents: [UInt8])]) throws(SystemError) {
        let dir = base + "/" + relative
        for name in try FileSystem.list(dir) {
            let rel = relative.isEmpty ? name : relative + "/" + name
            if relative.isEmpty && skipped.contains(name) { continue }
            var st = stat()
            guard lstat(base + "/" + rel, &st) == 0 else { throw SystemError(call: "lstat", path: "/" + rel, errno: errno) }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                try collect(base: base, relative: rel, into: &files)
            case S_IFREG:
                let fd = try FileDescriptor.open(base + "/" + rel, .readOnly)
                defer { fd.close() }
                files.append((rel, try fd.readAll()))
            default:
                continue
            }
        }
    }
}
