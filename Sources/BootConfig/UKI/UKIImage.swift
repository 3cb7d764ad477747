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
            var t = String(decoding: bytes[s.range], as: UTF8.self)
            while let last = t.unicodeScalars.last, last == "\0" || last == " " || last == "\n" || last == "\r" || last == "\t" {
                t.unicodeScalars.removeLast()
            }
            return t
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
    public var name: String? {
        ["PRETTY_NAME", "IMAGE_ID", "NAME", "ID"].lazy.compactMap { self.osRelease[$0] }.first { !$0.isEmpty }
    }

    /// OS version: `IMAGE_VERSION` › `VERSION` › `VERSION_ID` › `BUILD_ID`.
    public var osVersion: String? {
        ["IMAGE_VERSION", "VERSION", "VERSION_ID", "BUILD_ID"].lazy.compactMap { self.osRelease[$0] }.first { !$0.isEmpty }
    }

    /// Sort key: `IMAGE_ID` › `ID`.
    public var sortKey: String? {
        ["IMAGE_ID", "ID"].lazy.compactMap { self.osRelease[$0] }.first { !$0.isEmpty }
    }
}
