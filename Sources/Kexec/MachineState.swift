import LinuxSystem

/// What the running machine tells about memory, the console and the firmware, for
/// the next kernel's boot_params on the segments path.
struct MachineState {
    var e820: [E820Entry]
    var screenInfo: [UInt8]?
    var firmware: FirmwareFacts.Decision

    /// Reads `/sys/firmware/memmap` (else the top level of `/proc/iomem`), the running
    /// kernel's own boot_params (`/sys/kernel/boot_params/data`: screen_info, the ACPI
    /// RSDP and efi_info) and `/sys/firmware/efi` (systab, fw_vendor, runtime,
    /// config_table, runtime-map).
    static func read() -> MachineState {
        var entries: [(start: UInt64, end: UInt64, type: String)] = []
        let dir = "/sys/firmware/memmap"
        for name in (try? FileSystem.list(dir)) ?? [] {
            guard let s = try? FileSystem.readText("\(dir)/\(name)/start"),
                  let e = try? FileSystem.readText("\(dir)/\(name)/end"),
                  let t = try? FileSystem.readText("\(dir)/\(name)/type"),
                  let start = parseNumber(s), let end = parseNumber(e) else { continue }
            entries.append((start, end, t))
        }
        if entries.isEmpty, let iomem = try? FileSystem.readText("/proc/iomem") {
            entries = IOMem.firmwareEntries(iomem)   // no CONFIG_FIRMWARE_MEMMAP
        }
        var page: [UInt8]?
        if let fd = try? FileDescriptor.open("/sys/kernel/boot_params/data", .readOnly) {
            defer { fd.close() }
            page = try? fd.read(count: 4096, at: 0)
        }
        let efi = "/sys/firmware/efi"
        var facts = FirmwareFacts(bootParams: page, efiBooted: FileSystem.exists(efi))
        if facts.efiBooted {
            facts.systab = try? FileSystem.readText("\(efi)/systab")
            facts.platformSize = try? FileSystem.readText("\(efi)/fw_platform_size")
            facts.firmwareVendor = try? FileSystem.readText("\(efi)/fw_vendor")
            facts.runtimeServices = try? FileSystem.readText("\(efi)/runtime")
            facts.configTable = try? FileSystem.readText("\(efi)/config_table")
            facts.runtimeMap = readRuntimeMap("\(efi)/runtime-map")
        }
        let screen = page.flatMap { $0.count >= 0x40 ? Array($0[0..<0x40]) : nil }
        return MachineState(e820: E820Entry.table(fromFirmwareMap: entries), screenInfo: screen, firmware: facts.decide())
    }

    /// The runtime-map entries in directory-number order; nil without the directory.
    static func readRuntimeMap(_ dir: String) -> [EFIMemoryDescriptor]? {
        guard FileSystem.exists(dir), let names = try? FileSystem.list(dir) else { return nil }
        return names.compactMap { name -> (Int, EFIMemoryDescriptor)? in
            guard let index = Int(name) else { return nil }
            func field(_ f: String) -> String? { try? FileSystem.readText("\(dir)/\(name)/\(f)") }
            return EFIMemoryDescriptor.parse(type: field("type"), physicalAddress: field("phys_addr"),
                                             virtualAddress: field("virt_addr"), pages: field("num_pages"),
                                             attribute: field("attribute")).map { (index, $0) }
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The hand-over in one line, and the line saying what is not handed over, if any.
    func summary() -> [String] {
        let d = firmware
        var parts = ["ACPI RSDP \(d.acpiRSDP == 0 ? "not known (the next kernel searches for it)" : hex(d.acpiRSDP))"]
        if let efi = d.efi {
            parts.append("EFI system table \(hex(efi.systemTable)) (\(String(decoding: efi.loaderSignature, as: UTF8.self)))")
            parts.append("\(efi.runtimeMap.count) runtime-map entries")
        } else {
            parts.append(d.missing == nil ? "no EFI (BIOS boot)" : "no EFI runtime")
        }
        let extra = max(0, e820.count - BootParams.e820Max)
        parts.append("\(e820.count) e820 entries" + (extra > 0 ? " (\(extra) in SETUP_E820_EXT)" : ""))
        var lines: [String] = []
        if let why = d.missing {
            lines.append("kexec: EFI runtime services cannot be handed over on the segments path: \(why); the next kernel gets the ACPI RSDP alone (no efivars, no EFI runtime)")
        }
        lines.append("kexec: handing over " + parts.joined(separator: ", "))
        return lines
    }
}
