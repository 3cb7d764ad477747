#if canImport(Glibc)
import Glibc
#endif

/// Why loading or executing a kexec image failed, as a sentence that names the file.
public struct KexecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure; each has its own sentence.
    public enum Kind: String, Sendable, Equatable {
        /// A kernel or initrd file does not exist.
        case missingFile
        /// A file could not be opened or read (permissions, I/O error, a directory).
        case unreadable
        /// ENOEXEC, or swiftboot's own parser rejected the image.
        case notAKernel
        /// EPERM: lockdown, kexec disabled, or missing CAP_SYS_BOOT.
        case refused
        /// EKEYREJECTED and friends: signature enforcement rejected the kernel.
        case signature
        /// EPERM or a signature errno from a locked-down kernel; `detail` says what to do.
        case lockedDown
        /// ENOMEM, or no free RAM for the segments.
        case noMemory
        /// EINVAL from the kernel.
        case invalid
        /// EBUSY: another kexec operation holds the lock.
        case busy
        /// ENOSYS on both methods.
        case unsupported
        /// The command line does not fit the kernel's limit.
        case commandLineTooLong
        /// The compressed kernel is corrupt.
        case corruptCompression
        /// Nothing is loaded when executing.
        case nothingLoaded
        /// A step of the hand-off (kill, unmount, sync, reboot) failed.
        case handoff
        /// The user cancelled a kernel or initrd download (Esc).
        case cancelled
        /// Any other errno.
        case other
    }

    public var kind: Kind
    /// The file the failure is about, as `fs:path` or a host path.
    public var file: String?
    /// The errno value, or 0 when the failure was found by swiftboot itself.
    public var errno: Int32
    /// Extra detail (a step name, a limit, a parser message).
    public var detail: String?

    public init(kind: Kind, file: String? = nil, errno: Int32 = 0, detail: String? = nil) {
        self.kind = kind
        self.file = file
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        let f = file ?? "the kernel"
        let code = errno != 0 ? " (\(KexecError.errnoName(errno)))" : ""
        // Where the sentence does not already say what the errno means, strerror does.
        let meaning = errno != 0 ? " (\(KexecError.errnoName(errno)): \(String(cString: strerror(errno))))" : ""
        let extra = detail.map { ": \($0)" } ?? ""
        switch kind {
        case .missingFile:
            return "\(f) does not exist\(code)."
        case .unreadable:
            return "\(f) could not be read\(extra)\(meaning)."
        case .cancelled:
            return "The download of \(f) was cancelled."
        case .notAKernel:
            return "\(f) is not a kernel the running kernel can load\(extra)\(code)."
        case .refused:
            return "The running kernel refused to load \(f)\(code): kexec is locked down (Secure Boot) or disabled (kernel.kexec_load_disabled), or swiftboot lacks CAP_SYS_BOOT\(extra)."
        case .signature:
            return "\(f) is not signed with a key the running kernel trusts (a key in .builtin_trusted_keys, .secondary_trusted_keys or .platform), and signature enforcement is on\(code)\(extra)."
        case .lockedDown:
            return "The running kernel rejected \(f)\(code)\(extra)."
        case .noMemory:
            return "There is not enough free memory to place \(f) and its initrds\(extra)\(code)."
        case .invalid:
            return "The running kernel rejected \(f) as invalid (a bad image, or a command line too long)\(extra)\(code)."
        case .busy:
            return "Another kexec load is in progress; could not load \(f)\(code). Try again."
        case .unsupported:
            return "The running kernel cannot kexec \(f): it has neither kexec_file_load nor kexec_load\(extra)\(code)."
        case .commandLineTooLong:
            return "The command line for \(f) is too long\(extra)."
        case .corruptCompression:
            return "\(f) is a compressed kernel that could not be decompressed\(extra)."
        case .nothingLoaded:
            return "No kexec image is loaded\(extra)\(code)."
        case .handoff:
            return "The hand-off to \(f) failed\(extra)\(meaning)."
        case .other:
            return "Could not load \(f)\(extra)\(meaning)."
        }
    }

    /// Maps an errno from kexec_file_load/kexec_load/open to an error about `file`.
    public static func fromErrno(_ code: Int32, file: String?, detail: String? = nil) -> KexecError {
        let kind: Kind
        switch code {
        case ENOENT, ENOTDIR: kind = .missingFile
        case EACCES, EISDIR, EIO, ELOOP, EXDEV: kind = .unreadable
        case ENOEXEC: kind = .notAKernel
        case EPERM: kind = .refused
        case EKEYREJECTED, ENOKEY, EBADMSG, ENODATA, ENOPKG, ELIBBAD, EKEYEXPIRED, EKEYREVOKED: kind = .signature
        case ENOMEM, EADDRNOTAVAIL: kind = .noMemory
        case EINVAL: kind = .invalid
        case EBUSY: kind = .busy
        case ENOSYS: kind = .unsupported
        default: kind = .other
        }
        return KexecError(kind: kind, file: file, errno: code, detail: detail)
    }

    /// Whether `code` is how kexec_file_load refuses a kernel whose signature it cannot
    /// verify: EPERM under lockdown, EKEYREJECTED and friends under KEXEC_SIG_FORCE.
    public static func rejectsUnsigned(_ code: Int32) -> Bool {
        switch code {
        case EPERM, EKEYREJECTED, ENOKEY, EBADMSG, ENODATA, ENOPKG, ELIBBAD, EKEYEXPIRED, EKEYREVOKED: return true
        default: return false
        }
    }

    /// The symbolic name of an errno value kexec users meet ("ENOEXEC"), else its text.
    public static func errnoName(_ code: Int32) -> String {
        switch code {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case EIO: return "EIO"
        case ENOEXEC: return "ENOEXEC"
        case EBADF: return "EBADF"
        case ENOMEM: return "ENOMEM"
        case EACCES: return "EACCES"
        case EBUSY: return "EBUSY"
        case ENOTDIR: return "ENOTDIR"
        case EISDIR: return "EISDIR"
        case EINVAL: return "EINVAL"
        case ETXTBSY: return "ETXTBSY"
        case EFBIG: return "EFBIG"
        case ENOSYS: return "ENOSYS"
        case ELOOP: return "ELOOP"
        case EXDEV: return "EXDEV"
        case ENODATA: return "ENODATA"
        case EBADMSG: return "EBADMSG"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case ENOKEY: return "ENOKEY"
        case EKEYEXPIRED: return "EKEYEXPIRED"
        case EKEYREVOKED: return "EKEYREVOKED"
        case EKEYREJECTED: return "EKEYREJECTED"
        case ENOPKG: return "ENOPKG"
        case ELIBBAD: return "ELIBBAD"
        default: return "errno \(code): \(String(cString: strerror(code)))"
        }
    }
}
