/// What the first kernel got from UEFI firmware and hands to the next one on the
/// segments path, as `kexec_file_load` does: the system table in `efi_info`, the
/// runtime mappings as the EFI memory map, and `SETUP_EFI` setup_data.
public struct EFIHandover: Sendable, Equatable {
    /// `efi_info.efi_loader_signature`: "EL64" (64-bit firmware) or "EL32".
    public var loaderSignature: [UInt8]
    /// Physical address of the EFI system table.
    public var systemTable: UInt64
    /// Bytes per memory descriptor the next kernel reads (at least 40).
    public var descriptorSize: UInt32
    /// `efi_memdesc_version` (1 in every UEFI version so far).
    public var descriptorVersion: UInt32
    /// The runtime mappings the first kernel made (`/sys/firmware/efi/runtime-map`).
    public var runtimeMap: [EFIMemoryDescriptor]
    /// `/sys/firmware/efi/fw_vendor`: physical address of the firmware vendor string.
    public var firmwareVendor: UInt64
    /// `/sys/firmware/efi/runtime`: physical address of the runtime services table.
    /// Kernels before 5.7 read it from `efi_setup_data`; newer ones ignore the field.
    public var runtimeServices: UInt64
    /// `/sys/firmware/efi/config_table`: physical address of the configuration tables.
    public var configTables: UInt64
    /// The SMBIOS entry point (`SMBIOS=` of `/sys/firmware/efi/systab`), 0 if none.
    public var smbios: UInt64

    public init(loaderSignature: [UInt8], systemTable: UInt64, descriptorSize: UInt32 = EFIMemoryDescriptor.size,
                descriptorVersion: UInt32 = 1, runtimeMap: [EFIMemoryDescriptor], firmwareVendor: UInt64,
                runtimeServices: UInt64 = 0, configTables: UInt64, smbios: UInt64) {
        self.loaderSignature = loaderSignature
        self.systemTable = systemTable
        self.descriptorSize = max(descriptorSize, EFIMemoryDescriptor.size)
        self.descriptorVersion = descriptorVersion
        self.runtimeMap = runtimeMap
        self.firmwareVendor = firmwareVendor
        self.runtimeServices = runtimeServices
        self.configTables = configTables
        self.smbios = smbios
    }

    /// "EL64" or "EL32" for the firmware's word size (`/sys/firmware/efi/fw_platform_size`).
    public static func loaderSignature(platformBits: Int) -> [UInt8] {
        Array((platformBits == 32 ? "EL32" : "EL64").utf8)
    }

    /// The memory map bytes `efi_info.efi_memmap` points at: one descriptor per runtime
    /// mapping, each `descriptorSize` bytes (zero-padded past the 40 the fields take).
    public func memoryMapBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(runtimeMap.count * Int(descriptorSize))
        for entry in runtimeMap {
            out += entry.encoded(size: Int(descriptorSize))
        }
        return out
    }

    /// The `struct efi_setup_data` payload (96 bytes): fw_vendor, runtime (`__unused`
    /// since Linux 5.7, still read by older kernels), tables, smbios, eight reserved words.
    public func setupDataPayload() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 96)
        LittleEndian.store(firmwareVendor, into: &out, at: 0)
        LittleEndian.store(runtimeServices, into: &out, at: 8)
        LittleEndian.store(configTables, into: &out, at: 16)
        LittleEndian.store(smbios, into: &out, at: 24)
        return out
    }
}

/// One `efi_memory_desc_t`: type, pad, phys_addr, virt_addr, num_pages, attribute.
public struct EFIMemoryDescriptor: Sendable, Equatable {
    /// Bytes the fields take.
    public static let size: UInt32 = 40

    public var type: UInt32
    public var physicalAddress: UInt64
    public var virtualAddress: UInt64
    public var pages: UInt64
    public var attribute: UInt64

    public init(type: UInt32, physicalAddress: UInt64, virtualAddress: UInt64, pages: UInt64, attribute: UInt64) {
        self.type = type
        self.physicalAddress = physicalAddress
        self.virtualAddress = virtualAddress
        self.pages = pages
        self.attribute = attribute
    }

    /// The descriptor from the five files of a `/sys/firmware/efi/runtime-map/N`
    /// directory (`type`, `phys_addr`, `virt_addr`, `num_pages`, `attribute`, all
    /// `0x` hex as the kernel prints them); nil when one is missing or malformed.
    public static func parse(type: String?, physicalAddress: String?, virtualAddress: String?,
                             pages: String?, attribute: String?) -> EFIMemoryDescriptor? {
        guard let t = type.flatMap(parseNumber), t <= UInt64(UInt32.max),
              let p = physicalAddress.flatMap(parseNumber), let v = virtualAddress.flatMap(parseNumber),
              let n = pages.flatMap(parseNumber), let a = attribute.flatMap(parseNumber) else { return nil }
        return EFIMemoryDescriptor(type: UInt32(t), physicalAddress: p, virtualAddress: v, pages: n, attribute: a)
    }

    /// The descriptor's bytes, zero-padded to `size`.
    func encoded(size: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: max(size, Int(EFIMemoryDescriptor.size)))
        LittleEndian.store(type, into: &out, at: 0)
        LittleEndian.store(physicalAddress, into: &out, at: 8)
        LittleEndian.store(virtualAddress, into: &out, at: 16)
        LittleEndian.store(pages, into: &out, at: 24)
        LittleEndian.store(attribute, into: &out, at: 32)
        return out
    }
}

/// `/sys/firmware/efi/systab`: `NAME=0xADDRESS` lines for the firmware's configuration
/// tables (ACPI20, ACPI, SMBIOS3, SMBIOS, ...).
public struct EFISystemTableText: Sendable, Equatable {
    /// Every `NAME=address` line, in file order.
    public var tables: [(name: String, address: UInt64)]

    public static func == (a: EFISystemTableText, b: EFISystemTableText) -> Bool {
        a.tables.elementsEqual(b.tables) { $0.name == $1.name && $0.address == $1.address }
    }

    public init(_ text: String) {
        tables = text.split(separator: "\n").compactMap { line in
            guard let eq = line.firstIndex(of: "=") else { return nil }
            let name = line[..<eq].trimmingBlanks()
            guard !name.isEmpty, let address = parseNumber(String(line[line.index(after: eq)...])) else { return nil }
            return (name, address)
        }
    }

    /// The address listed under `name`, if any.
    public func address(_ name: String) -> UInt64? {
        tables.first { $0.name == name }?.address
    }

    /// The ACPI RSDP: ACPI 2.0's (`ACPI20=`), else ACPI 1.0's (`ACPI=`).
    public var acpiRSDP: UInt64? { address("ACPI20") ?? address("ACPI") }

    /// The SMBIOS entry point the kernel keeps in `efi.smbios` (`SMBIOS=`).
    public var smbios: UInt64? { address("SMBIOS") }
}

/// A number as sysfs prints addresses: `0x` hex, else decimal.
func parseNumber(_ text: String) -> UInt64? {
    let t = text.trimmingBlanks()
    if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
    return UInt64(t)
}
