/// What the running kernel exports about its firmware, as read from sysfs, and what of
/// it the next kernel gets on the segments path.
public struct FirmwareFacts: Sendable {
    /// `/sys/kernel/boot_params/data` (the running kernel's zero page), if readable.
    public var bootParams: [UInt8]?
    /// Whether `/sys/firmware/efi` exists (the running kernel was booted by UEFI).
    public var efiBooted: Bool
    /// `/sys/firmware/efi/systab` text.
    public var systab: String?
    /// `/sys/firmware/efi/fw_platform_size` text ("64" or "32").
    public var platformSize: String?
    /// `/sys/firmware/efi/fw_vendor` text.
    public var firmwareVendor: String?
    /// `/sys/firmware/efi/runtime` text.
    public var runtimeServices: String?
    /// `/sys/firmware/efi/config_table` text.
    public var configTable: String?
    /// The `/sys/firmware/efi/runtime-map` entries, nil when the directory is missing.
    public var runtimeMap: [EFIMemoryDescriptor]?

    public init(bootParams: [UInt8]? = nil, efiBooted: Bool = false, systab: String? = nil,
                platformSize: String? = nil, firmwareVendor: String? = nil, runtimeServices: String? = nil,
                configTable: String? = nil, runtimeMap: [EFIMemoryDescriptor]? = nil) {
        self.bootParams = bootParams
        self.efiBooted = efiBooted
        self.systab = systab
        self.platformSize = platformSize
        self.firmwareVendor = firmwareVendor
        self.runtimeServices = runtimeServices
        self.configTable = configTable
        self.runtimeMap = runtimeMap
    }

    /// What is handed over, with the reason when the EFI part cannot be.
    public struct Decision: Sendable, Equatable {
        /// `boot_params.acpi_rsdp_addr` for the next kernel (0: it searches itself).
        public var acpiRSDP: UInt64
        /// The EFI part, nil on BIOS machines or when it cannot be handed over.
        public var efi: EFIHandover?
        /// Why a UEFI machine's EFI runtime is not handed over; nil when it is (or on BIOS).
        public var missing: String?
    }

    /// Decides the hand-over: the RSDP from the running zero page, else from the EFI
    /// systab (`ACPI20=`, else `ACPI=`: the EFI stub leaves the zero page's at 0); the
    /// EFI system table from the running `efi_info`, the runtime map, fw_vendor,
    /// runtime and config_table from sysfs. Without any of those, EFI is left out and `missing` says why.
    public func decide() -> Decision {
        let table = systab.map(EFISystemTableText.init)
        var rsdp: UInt64 = 0
        if let page = bootParams, page.count >= BootParams.acpiRSDPAddr + 8 {
            rsdp = LittleEndian.load(UInt64.self, page, at: BootParams.acpiRSDPAddr)
        }
        if rsdp == 0, let t = table?.acpiRSDP { rsdp = t }
        guard efiBooted else { return Decision(acpiRSDP: rsdp, efi: nil, missing: nil) }

        func none(_ why: String) -> Decision { Decision(acpiRSDP: rsdp, efi: nil, missing: why) }
        guard let map = runtimeMap else {
            return none("/sys/firmware/efi/runtime-map is missing (the running kernel is built without CONFIG_EFI_RUNTIME_MAP)")
        }
        if map.isEmpty { return none("/sys/firmware/efi/runtime-map is empty (EFI runtime services are off: noefi or efi=noruntime?)") }
        guard let page = bootParams, page.count >= BootParams.efiInfo + 32 else {
            return none("/sys/kernel/boot_params/data is unreadable, so the EFI system table address is unknown")
        }
        let info = BootParams.efiInfo
        let systemTable = UInt64(LittleEndian.load(UInt32.self, page, at: info + 0x04))
            | UInt64(LittleEndian.load(UInt32.self, page, at: info + 0x18)) << 32
        guard systemTable != 0 else {
            return none("the running kernel's boot_params has no EFI system table address (efi_info is empty)")
        }
        guard let vendor = firmwareVendor.flatMap(parseNumber), let config = configTable.flatMap(parseNumber) else {
            return none("/sys/firmware/efi/fw_vendor or config_table is missing")
        }
        var signature = Array(page[info..<info + 4])
        if signature != Array("EL64".utf8) && signature != Array("EL32".utf8) {
            signature = EFIHandover.loaderSignature(platformBits: platformSize.flatMap { Int($0.trimmingBlanks()) } ?? 64)
        }
        let size = LittleEndian.load(UInt32.self, page, at: info + 0x08)
        let version = LittleEndian.load(UInt32.self, page, at: info + 0x0C)
        return Decision(acpiRSDP: rsdp, efi: EFIHandover(
            loaderSignature: signature, systemTable: systemTable, descriptorSize: size,
            descriptorVersion: version == 0 ? 1 : version, runtimeMap: map, firmwareVendor: vendor,
            runtimeServices: runtimeServices.flatMap(parseNumber) ?? 0, configTables: config, smbios: table?.smbios ?? 0), missing: nil)
    }
}
