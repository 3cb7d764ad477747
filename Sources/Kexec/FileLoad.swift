#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// The `kexec_file_load` method: the running kernel parses and places the image.
enum FileLoad {
    /// The checks made before the call, as dry-run lines.
    static func describe(_ image: PreparedImage) throws(KexecError) -> [String] {
        try checkCommandLine(image)
        #if arch(x86_64)
        // The x86_64 file loader takes only bzImages; say so now rather than at boot.
        if image.format != .bzImage {
            let head = try KexecFiles.read(image.kernel, count: 0x1000, name: image.kernelName)
            if KernelImage.format(of: head) != .bzImage {
                throw KexecError(kind: .notAKernel, file: image.kernelName, detail: "kexec_file_load on x86_64 takes only a bzImage")
            }
        }
        #endif
        var lines = ["method: file (kexec_file_load)"]
        lines.append("kernel: \(image.kernelName) \(formatName(image)), \(image.kernelSize) bytes")
        if image.initrdNames.isEmpty {
            lines.append("initrd: none (KEXEC_FILE_NO_INITRAMFS)")
        } else if image.initrdNames.count == 1 {
            lines.append("initrd: \(image.initrdNames[0]), \(image.initrdSize) bytes")
        } else {
            lines.append("initrd: \(image.initrdNames.count) files concatenated into a memfd (4-byte padded), \(image.initrdSize) bytes")
        }
        lines.append("cmdline: \(image.cmdline.utf8.count + 1) bytes with NUL")
        return lines
    }

    /// Loads the image; retries once from private memfd copies after ETXTBSY.
    static func load(_ image: PreparedImage) throws(KexecError) {
        try checkCommandLine(image)
        do {
            try call(image)
        } catch where error.errno == ETXTBSY {
            Log.info("kexec: \(image.kernelName) is open for writing (ETXTBSY); loading a private copy")
            try image.copyKernelToMemory()
            try image.copyInitrdToMemory()
            do { try call(image) } catch { throw mapped(error, image) }
        } catch {
            throw mapped(error, image)
        }
    }

    private static func call(_ image: PreparedImage) throws(SystemError) {
        let flags: KexecSyscalls.FileLoadFlags = image.initrd == nil ? .noInitramfs : []
        try KexecSyscalls.fileLoad(kernel: image.kernel.rawValue, initrd: image.initrd?.rawValue ?? -1,
                                   cmdline: image.cmdline, flags: flags)
    }

    /// The kernel's errno as an error naming the right file.
    static func mapped(_ error: SystemError, _ image: PreparedImage) -> KexecError {
        switch error.errno {
        case EINVAL:
            return KexecError(kind: .invalid, file: image.kernelName, errno: EINVAL,
                              detail: "kexec_file_load refused the kernel, its \(image.initrdSize)-byte initrd or the \(image.cmdline.utf8.count + 1)-byte command line")
        case ENOMEM:
            return KexecError(kind: .noMemory, file: image.kernelName, errno: ENOMEM,
                              detail: "\(image.kernelSize + image.initrdSize) bytes")
        case EFBIG:
            return KexecError(kind: .other, file: image.kernelName, errno: EFBIG, detail: "a file is larger than the kernel accepts")
        default:
            return KexecError.fromErrno(error.errno, file: image.kernelName)
        }
    }

    /// x86_64's limit (cmdline_size less the 30 bytes kept for `elfcorehdr=`), found
    /// before the kernel answers with a bare EINVAL.
    static func checkCommandLine(_ image: PreparedImage) throws(KexecError) {
        guard image.format == .bzImage, let head = try? KexecFiles.read(image.kernel, count: 0x1000, name: image.kernelName),
              let header = try? SetupHeader.parse(head, fileSize: image.kernelSize),
              let limit = CommandLineLimit.maximum(cmdlineSize: header.cmdlineSize, method: .file) else { return }
        let length = image.cmdline.utf8.count
        if length > limit {
            throw KexecError(kind: .commandLineTooLong, file: image.kernelName,
                             detail: "\(length + 1) bytes with its NUL; kexec_file_load takes at most \(limit + 1) for this kernel")
        }
    }

    static func formatName(_ image: PreparedImage) -> String {
        switch image.format {
        case .bzImage: return "(x86 bzImage, passed as is)"
        case .gzip: return "(gzip, decompressed from \(image.fileSize) bytes)"
        case .zboot(let c): return "(EFI zboot \(c), decompressed from \(image.fileSize) bytes)"
        case .other: return "(passed as is)"
        }
    }
}
