#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Flags of `mount(2)` (`MS_*`).
public struct MountFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let readOnly = MountFlags(rawValue: 1)        // MS_RDONLY
    public static let noSetUID = MountFlags(rawValue: 2)        // MS_NOSUID
    public static let noDevices = MountFlags(rawValue: 4)       // MS_NODEV
    public static let noExecute = MountFlags(rawValue: 8)       // MS_NOEXEC
    public static let remount = MountFlags(rawValue: 32)        // MS_REMOUNT
    public static let bind = MountFlags(rawValue: 4096)         // MS_BIND
    public static let relativeAccessTime = MountFlags(rawValue: 1 << 21) // MS_RELATIME
}

/// Flags of `umount2(2)`.
public struct UnmountFlags: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let force = UnmountFlags(rawValue: 1)   // MNT_FORCE
    /// Detach now, clean up when no longer busy.
    public static let detach = UnmountFlags(rawValue: 2)  // MNT_DETACH
}

/// Mounting and unmounting filesystems.
public enum Mount {
    /// Mounts a filesystem. The corresponding C function is `mount`.
    ///
    /// - Parameters:
    ///   - source: The device or pseudo-filesystem name (`proc`, `/dev/vda2`).
    ///   - target: The directory to mount on.
    ///   - type: The filesystem type; nil for remounts and binds.
    ///   - flags: `MS_*` flags.
    ///   - options: The filesystem's own option string (`noload`, `mode=0755`).
    public static func mount(_ source: String, on target: String, type: String?,
                             flags: MountFlags = [], options: String? = nil,
                             retryOnInterrupt: Bool = true) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            clinux_mount(source, target, type, flags.rawValue, options)
        }.get("mount", target)
    }

    /// Unmounts the filesystem on `target`. The corresponding C function is `umount2`.
    public static func unmount(_ target: String, flags: UnmountFlags = [],
                               retryOnInterrupt: Bool = true) throws(SystemError) {
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
            clinux_umount2(target, flags.rawValue)
        }.get("umount2", target)
    }

    /// The current mounts, from `/proc/self/mounts`.
    public static func table() -> [MountEntry] {
        guard let text = try? FileSystem.readText("/proc/self/mounts") else { return [] }
        return MountEntry.parseTable(text)
    }
}

/// One line of `/proc/self/mounts`.
public struct MountEntry: Sendable, Equatable {
    public var source: String
    public var target: String
    public var type: String
    public var options: [String]

    public init(source: String, target: String, type: String, options: [String]) {
        self.source = source
        self.target = target
        self.type = type
        self.options = options
    }

    /// Parses the mounts table format (fields separated by blanks, octal `\040` escapes).
    public static func parseTable(_ text: String) -> [MountEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map { unescape(String($0)) }
            guard fields.count >= 4 else { return nil }
            return MountEntry(source: fields[0], target: fields[1], type: fields[2],
                              options: fields[3].split(separator: ",").map(String.init))
        }
    }

    private static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var out: [UInt8] = []
        let bytes = Array(field.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count,
               let v = UInt8(String(decoding: bytes[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(v)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
