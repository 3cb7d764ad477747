#if canImport(Glibc)
import Glibc
#endif
import CLinux
import LinuxSystem

/// The kexec system calls, typed. Errors carry the call name and errno.
enum KexecSyscalls {
    /// `kexec_file_load` flags (include/uapi/linux/kexec.h).
    struct FileLoadFlags: OptionSet {
        let rawValue: UInt
        static let unload = FileLoadFlags(rawValue: 0x1)
        static let onCrash = FileLoadFlags(rawValue: 0x2)
        static let noInitramfs = FileLoadFlags(rawValue: 0x4)
    }

    /// Loads a kernel (and initrd) for a later `reboot(LINUX_REBOOT_CMD_KEXEC)`.
    /// The corresponding C function is `kexec_file_load`; `cmdline` gets its NUL here.
    static func fileLoad(kernel: Int32, initrd: Int32, cmdline: String, flags: FileLoadFlags) throws(SystemError) {
        var bytes = Array(cmdline.utf8CString)   // NUL-terminated
        let rc = bytes.withUnsafeMutableBufferPointer { buf in
            clinux_kexec_file_load(kernel, initrd, UInt(buf.count), buf.baseAddress, flags.rawValue)
        }
        if rc != 0 { throw SystemError(call: "kexec_file_load", errno: clinux_errno()) }
    }

    /// Unloads the image loaded by `kexec_file_load`.
    static func fileUnload() throws(SystemError) {
        let rc = clinux_kexec_file_load(-1, -1, 0, nil, FileLoadFlags.unload.rawValue)
        if rc != 0 { throw SystemError(call: "kexec_file_load", errno: clinux_errno()) }
    }

    /// Loads raw segments; `entry` is the physical address jumped to.
    /// The corresponding C function is `kexec_load` (KEXEC_ARCH_DEFAULT).
    static func segmentLoad(entry: UInt64, segments: [(buffer: [UInt8], mem: UInt64, memsz: UInt64)]) throws(SystemError) {
        let rc = withBasePointers(segments.map(\.buffer)[...], []) { pointers -> Int in
            let raw = zip(segments, pointers).map { s, p in
                clinux_kexec_segment(buf: p, bufsz: s.buffer.count, mem: s.mem, memsz: Int(s.memsz))
            }
            return raw.withUnsafeBufferPointer { Int(clinux_kexec_load(entry, UInt(raw.count), $0.baseAddress, 0)) }
        }
        if rc != 0 { throw SystemError(call: "kexec_load", errno: clinux_errno()) }
    }

    /// Calls `body` with the base address of every buffer, without copying them.
    private static func withBasePointers<R>(_ buffers: ArraySlice<[UInt8]>, _ done: [UnsafeRawPointer?],
                                            _ body: ([UnsafeRawPointer?]) -> R) -> R {
        guard let first = buffers.first else { return body(done) }
        return first.withUnsafeBytes { withBasePointers(buffers.dropFirst(), done + [$0.baseAddress], body) }
    }

    /// Unloads a `kexec_load` image (zero segments).
    static func segmentUnload() throws(SystemError) {
        let rc = clinux_kexec_load(0, 0, nil, 0)
        if rc != 0 { throw SystemError(call: "kexec_load", errno: clinux_errno()) }
    }

    /// Whether an image is loaded (`/sys/kernel/kexec_loaded`), nil when unknown.
    static func isLoaded() -> Bool? {
        guard let text = try? FileSystem.readText("/sys/kernel/kexec_loaded") else { return nil }
        return text.trimmingBlanks() == "1"
    }
}
