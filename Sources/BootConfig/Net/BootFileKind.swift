/// What a DHCP boot file (option 67, DHCPv6 option 59) is, told from its name and
/// first bytes, so the network source knows which format to read it as.
public enum BootFileKind: Sendable, Equatable {
    /// A Linux kernel (x86 bzImage with its `HdrS` setup header, or an arm64/riscv
    /// `Image`): booted as is.
    case linuxKernel
    /// An iPXE script (`#!ipxe` first line).
    case ipxeScript
    /// pxelinux (`pxelinux.0`, `lpxelinux.0`, `syslinux.efi`): its config lookup
    /// order is read instead (`PxelinuxSource`).
    case pxelinux
    /// A GRUB network image (`grubnetx64.efi`, `core.0`, `grub*.efi`...): GRUB's
    /// netboot config lookup is read instead.
    case grub
    /// Anything else (an iPXE binary, a shim, a Windows loader...): not bootable here,
    /// with the reason.
    case unsupported(String)

    /// Classifies a boot file from its URL or path and (at least) its first 4 KiB.
    public static func classify(name: String, head: [UInt8]) -> BootFileKind {
        let base = Path.basename(RemoteLocation(url: name)?.path ?? name).lowercased()
        if startsWith(head, "#!ipxe") { return .ipxeScript }
        if isLinuxKernel(head) { return .linuxKernel }
        if ["pxelinux.0", "lpxelinux.0", "gpxelinux.0", "syslinux.efi"].contains(base) { return .pxelinux }
        if base.hasPrefix("grub") || base == "core.0" || base == "core.efi" { return .grub }
        if base.hasSuffix(".kpxe") || base.hasSuffix(".pxe") || base.hasPrefix("ipxe") || base.hasPrefix("undionly") {
            return .unsupported("an iPXE binary: point its chained script (#!ipxe) at swiftboot instead")
        }
        if startsWith(head, "MZ") { return .unsupported("an EFI application that is not a Linux kernel") }
        return .unsupported("neither a Linux kernel nor a known loader or script")
    }

    /// Whether `head` starts a Linux kernel image: the x86 boot protocol's `HdrS` at
    /// 0x202 (bzImage, also with an EFI stub), the arm64 `ARM\x64` magic at 0x38, or
    /// the RISC-V `RSC\x05` magic at 0x34.
    public static func isLinuxKernel(_ head: [UInt8]) -> Bool {
        func bytes(at offset: Int, _ magic: [UInt8]) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        return bytes(at: 0x202, Array("HdrS".utf8)) || bytes(at: 0x38, [0x41, 0x52, 0x4d, 0x64])
            || bytes(at: 0x34, [0x52, 0x53, 0x43, 0x05])
    }

    private static func startsWith(_ head: [UInt8], _ text: String) -> Bool {
        let magic = Array(text.utf8)
        return head.count >= magic.count && Array(head[..<magic.count]) == magic
    }

    /// The single entry for a boot file that is a plain kernel: `fs` the server's base
    /// URL, `kernel` its path there, no initrd and no command line (option 67 carries
    /// neither).
    public static func kernelEntry(url: String, client: NetbootClient) -> BootEntry? {
        guard let location = RemoteLocation(url: url) else { return nil }
        return BootEntry(title: "\(Path.basename(location.path)) from \(location.base)", id: location.url,
                         source: .netboot, config: location.path, configVolume: location.base,
                         fs: location.base, kernel: location.path, isDefault: true)
    }
}
