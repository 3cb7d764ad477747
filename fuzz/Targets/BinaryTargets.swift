@testable import BootConfig
@testable import Cpio
@testable import Kexec

/// Targets over binary formats: PE/UKI, kernel images, kernel modules' `.modinfo`.
enum BinaryTargets {
    /// A UKI read whole and through a range-reading tree (headers first), then scanned.
    static func uki(_ bytes: [UInt8]) {
        if let image = try? UKIImage.sections(of: bytes) {
            _ = image.initrds
            _ = image.metadata
        }
        let tree = MemoryTree(bytes: ["/EFI/Linux/fuzz.efi": bytes])
        _ = try? UKIImage.metadata(of: "/EFI/Linux/fuzz.efi", in: tree)
        let disk = Volume(name: "esp", tree: tree, fsType: "vfat", grubDevice: "hd0,gpt1")
        _ = UKISource.scan(volume: disk, context: ScanContext(volumes: [disk]))
    }

    /// A kernel file: format, bzImage setup header, gzip/zboot decompression.
    static func kernelImage(_ bytes: [UInt8]) {
        _ = KernelImage.format(of: Array(bytes.prefix(0x210)))
        _ = try? SetupHeader.parse(bytes)
        _ = try? SetupHeader.parse(Array(bytes.prefix(0x268)), fileSize: bytes.count)
        _ = try? KernelImage.decompressed(bytes)
        _ = CRC32.checksum(bytes)
    }

    /// A kernel module (ELF) as mkinitramfs reads its `.modinfo`, and module tables.
    static func moduleInfo(_ bytes: [UInt8]) {
        if let info = ModuleInfo(elf: bytes) {
            _ = info.firmware
            _ = info.softDependencies
        }
        let text = FuzzInput.text(bytes)
        let modules = KernelModules(modulesDep: text)
        let softdeps = SoftDependencies.table(parsing: text)
        let wanted = modules.paths.keys.sorted().prefix(4)
        _ = modules.closure(of: Array(wanted), aliases: KernelModules.aliases(parsing: text),
                            softDependencies: { softdeps[$0] ?? SoftDependencies() })
    }

    /// An initramfs layout file (`--layout`).
    static func layout(_ bytes: [UInt8]) {
        _ = try? Layout.parse(FuzzInput.text(bytes), file: "fuzz.layout")
    }
}
