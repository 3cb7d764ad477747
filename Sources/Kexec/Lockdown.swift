import LinuxSystem

/// The running kernel's lockdown mode (`/sys/kernel/security/lockdown`): under
/// `integrity` or `confidentiality` (set by `lockdown=` or by Secure Boot) the kernel
/// refuses `kexec_load` and takes from `kexec_file_load` only kernels signed by a key
/// in its keyrings.
public enum Lockdown: String, Sendable, Equatable {
    case none
    case integrity
    case confidentiality

    static let path = "/sys/kernel/security/lockdown"

    /// The mode in brackets of the file's text (`none [integrity] confidentiality`);
    /// nil when no word is bracketed or the word is unknown.
    public static func parse(_ text: String) -> Lockdown? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.hasPrefix("[") && word.hasSuffix("]") {
            return Lockdown(rawValue: String(word.dropFirst().dropLast()))
        }
        return nil
    }

    /// The running kernel's mode; `none` when the kernel has no lockdown LSM (the file
    /// is missing even with securityfs mounted, which this mounts if PID 1 could not).
    public static func current() -> Lockdown {
        if !FileSystem.exists(path), FileSystem.exists("/sys/kernel/security"),
           !Mount.table().contains(where: { $0.target == "/sys/kernel/security" }) {
            try? Mount.mount("securityfs", on: "/sys/kernel/security", type: "securityfs",
                             flags: [.noSetUID, .noDevices, .noExecute])
        }
        guard let text = try? FileSystem.readText(path) else { return .none }
        return parse(text) ?? .none
    }

    /// Whether kexec_load is refused and kexec_file_load needs a trusted signature.
    public var isLocked: Bool { self != .none }

    /// What an operator needs to know about a kernel the locked-down kernel rejects.
    public var signatureAdvice: String {
        "the running kernel is locked down (lockdown=\(rawValue), set by the lockdown= option or by UEFI Secure Boot), so it loads only a kernel whose signature it verifies with a key in its keyrings (.builtin_trusted_keys, .secondary_trusted_keys, .platform: the firmware's db and the shim MOK list); sign the kernel with such a key (sbsign; enroll the key with mokutil --import), or boot the payload without lockdown"
    }
}
