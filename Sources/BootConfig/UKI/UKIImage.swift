/// The parts of a Unified Kernel Image (BLS type 2) that a kexec boot needs, and
/// what the menu shows for it.
public struct UKIImage: Sendable, Equatable {
    /// The `.linux` section: the kernel image itself (a bzImage / PE Image).
    public var linux: ArraySlice<UInt8>
    /// The `.initrd` section.
    public var initrd: ArraySlice<UInt8>?
    /// The `.ucode` section (microcode initrd, loaded before `.initrd`).
    public var ucode: ArraySlice<UInt8>?
    /// The `.cmdline` section, trailing NULs and blanks removed.
    public var cmdline: String?
    /// The `.osrel` section parsed (os-release keys).
    public var osRelease: [String: String]
    /// The `.uname` section (kernel release), trimmed.
    public var uname: String?
    /// The PE machine in EFI architecture names, nil if unknown.
    public var architecture: String?

    /// Reads the sections out of the bytes of a UKI file.
    ///
    /// Throws `PEError` when the bytes are not a well-formed PE file or have no
    /// `.linux` section. The slices share `bytes`' storage.
    public static func sections(of bytes: [UInt8]) throws(PEError) -> UKIImage {
        let pe = try PEFile(bytes: bytes)
        guard let linux = pe.section(".linux"), !linux.range.isEmpty else {
            throw PEError("no .linux section: not a unified kernel image")
        }
        func text(_ name: String) -> String? {
            guard let s = pe.section(name) else { return nil }
            return trimmed(String(decoding: bytes[s.range], as: UTF8.self))
        }
        func data(_ name: String) -> ArraySlice<UInt8>? {
            guard let s = pe.section(name), !s.range.isEmpty else { return nil }
            return bytes[s.range]
        }
        return UKIImage(linux: bytes[linux.range], initrd: data(".initrd"), ucode: data(".ucode"),
                        cmdline: text(".cmdline"), osRelease: OSRelease.parse(text(".osrel") ?? ""),
                        uname: text(".uname"), architecture: pe.architecture)
    }

    /// The initrds to hand to kexec, in load order: `.ucode` then `.initrd`.
    public var initrds: [ArraySlice<UInt8>] {
        [ucode, initrd].compactMap { $0 }
    }

    /// Menu name: `PRETTY_NAME` › `IMAGE_ID` › `NAME` › `ID`.
    public var name: String? { metadata.name }
    /// OS version: `IMAGE_VERSION` › `VERSION` › `VERSION_ID` › `BUILD_ID`.
    public var osVersion: String? { metadata.osVersion }
    /// Sort key: `IMAGE_ID` › `ID`.
    public var sortKey: String? { metadata.sortKey }

    /// What the menu shows for a UKI: everything but the kernel and initrd bytes.
    public struct Metadata: Sendable, Equatable {
        public var cmdline: String?
        public var osRelease: [String: String]
        public var uname: String?
        public var architecture: String?

        /// Menu name: `PRETTY_NAME` › `IMAGE_ID` › `NAME` › `ID`.
        public var name: String? { Self.first(["PRETTY_NAME", "IMAGE_ID", "NAME", "ID"], in: osRelease) }
        /// OS version: `IMAGE_VERSION` › `VERSION` › `VERSION_ID` › `BUILD_ID`.
        public var osVersion: String? { Self.first(["IMAGE_VERSION", "VERSION", "VERSION_ID", "BUILD_ID"], in: osRelease) }
        /// Sort key: `IMAGE_ID` › `ID`.
        public var sortKey: String? { Self.first(["IMAGE_ID", "ID"], in: osRelease) }

        static func first(_ keys: [String], in values: [String: String]) -> String? {
            keys.lazy.compactMap { values[$0] }.first { !$0.isEmpty }
        }
    }

    /// The metadata of an image already in memory.
    public var metadata: Metadata {
        Metadata(cmdline: cmdline, osRelease: osRelease, uname: uname, architecture: architecture)
    }

    /// Text sections larger than this are not believed (`.osrel`, `.cmdline`, `.uname`).
    static let maxTextSection = 1 << 20

    /// Reads a UKI's metadata from `tree`: only the headers and the small text sections
    /// when the tree can read parts of files, the whole file otherwise.
    public static func metadata(of path: String, in tree: any FileTree) throws -> Metadata {
        guard let ranged = tree as? any RangeReadableFileTree else {
            return try sections(of: try tree.read(path)).metadata
        }
        let size = try ranged.size(path)
        let head = try ranged.read(path, offset: 0, count: min(size, 64 * 1024))
        let parsed = try? PEFile(header: head, fileSize: size)
        if parsed == nil && head.count < size {
            // Headers beyond the first 64 KiB: unusual, read everything.
            return try sections(of: try tree.read(path)).metadata
        }
        let pe = try parsed ?? PEFile(header: head, fileSize: size)
        guard let linux = pe.section(".linux"), !linux.range.isEmpty else {
            throw PEError("no .linux section: not a unified kernel image")
        }
        return Metadata(cmdline: try text(".cmdline", of: pe, path, in: ranged),
                        osRelease: OSRelease.parse(try text(".osrel", of: pe, path, in: ranged) ?? ""),
                        uname: try text(".uname", of: pe, path, in: ranged), architecture: pe.architecture)
    }

    /// A small text section read on its own, trimmed.
    private static func text(_ name: String, of pe: PEFile, _ path: String, in tree: any RangeReadableFileTree) throws -> String? {
        guard let s = pe.section(name) else { return nil }
        guard s.range.count <= maxTextSection else { throw PEError("section '\(name)' is \(s.range.count) bytes") }
        let bytes = try tree.read(path, offset: s.range.lowerBound, count: s.range.count)
        return trimmed(String(decoding: bytes, as: UTF8.self))
    }

    /// Text without trailing NULs and blanks.
    static func trimmed(_ text: String) -> String {
        var t = text
        while let last = t.unicodeScalars.last, last == "\0" || last == " " || last == "\n" || last == "\r" || last == "\t" {
            t.unicodeScalars.removeLast()
        }
        return t
    }
}
