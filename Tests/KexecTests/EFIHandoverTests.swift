#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Kexec

@Suite struct EFISysfsTextTests {
    // /sys/firmware/efi/systab of a q35 + OVMF machine.
    let systab = "ACPI20=0x7fb7e014\nACPI=0x7fb7e000\nSMBIOS=0x7f98b000\nSMBIOS3=0x7f989000\n"

    @Test func systabPrefersACPI20AndReadsSMBIOS() {
        let t = EFISystemTableText(systab)
        #expect(t.acpiRSDP == 0x7FB7_E014)
        #expect(t.smbios == 0x7F98_B000)
        #expect(t.address("SMBIOS3") == 0x7F98_9000)
    }

    @Test func systabWithACPI1Only() {
        #expect(EFISystemTableText("ACPI=0xf5a40\n").acpiRSDP == 0xF_5A40)
        #expect(EFISystemTableText("junk\nSMBIOS=zz\n").acpiRSDP == nil)
    }

    @Test func runtimeMapEntryFromItsFiles() {
        let d = EFIMemoryDescriptor.parse(type: "0x5\n", physicalAddress: "0x7f8e7000\n", virtualAddress: "0xfffffffeff7f0000\n",
                                          pages: "0x100\n", attribute: "0x800000000000000f\n")
        #expect(d == EFIMemoryDescriptor(type: 5, physicalAddress: 0x7F8E_7000, virtualAddress: 0xFFFF_FFFE_FF7F_0000,
                                         pages: 0x100, attribute: 0x8000_0000_0000_000F))
        #expect(EFIMemoryDescriptor.parse(type: "0x5", physicalAddress: nil, virtualAddress: "0x0", pages: "0x1", attribute: "0x0") == nil)
    }
}

@Suite struct EFIHandoverDecisionTests {
    let map = [EFIMemoryDescriptor(type: 5, physicalAddress: 0x7F8E_7000, virtualAddress: 0xFFFF_FFFE_FF7F_0000, pages: 0x100, attribute: 0x8000_0000_0000_000F),
               EFIMemoryDescriptor(type: 6, physicalAddress: 0x7F9E_7000, virtualAddress: 0xFFFF_FFFE_FF6F_0000, pages: 0x80, attribute: 0x8000_0000_0000_000F)]

    /// A running zero page as the EFI stub leaves it: RSDP 0, efi_info filled in.
    func runningPage(systab: UInt64 = 0x1_7FBE_E018, rsdp: UInt64 = 0) -> [UInt8] {
        var page = [UInt8](repeating: 0, count: 4096)
        page.replaceSubrange(0x1C0..<0x1C4, with: Array("EL64".utf8))
        LittleEndian.store(UInt32(truncatingIfNeeded: systab), into: &page, at: 0x1C4)
        LittleEndian.store(UInt32(48), into: &page, at: 0x1C8)
        LittleEndian.store(UInt32(1), into: &page, at: 0x1CC)
        LittleEndian.store(UInt32(truncatingIfNeeded: systab >> 32), into: &page, at: 0x1D8)
        LittleEndian.store(rsdp, into: &page, at: 0x70)
        return page
    }

    func facts(page: [UInt8]? = nil, runtimeMap: [EFIMemoryDescriptor]?) -> FirmwareFacts {
        FirmwareFacts(bootParams: page ?? runningPage(), efiBooted: true, systab: "ACPI20=0x7fb7e014\nACPI=0x7fb7e000\nSMBIOS=0x7f98b000\n",
                      platformSize: "64\n", firmwareVendor: "0x7fbee098\n", runtimeServices: "0x7fbecb98\n", configTable: "0x7fbecf18\n", runtimeMap: runtimeMap)
    }

    @Test func uefiMachineHandsOverEverything() {
        let d = facts(runtimeMap: map).decide()
        #expect(d.acpiRSDP == 0x7FB7_E014)
        #expect(d.missing == nil)
        #expect(d.efi == EFIHandover(loaderSignature: Array("EL64".utf8), systemTable: 0x1_7FBE_E018, descriptorSize: 48,
                                     descriptorVersion: 1, runtimeMap: map, firmwareVendor: 0x7FBE_E098,
                                     runtimeServices: 0x7FBE_CB98, configTables: 0x7FBE_CF18, smbios: 0x7F98_B000))
    }

    @Test func runningRSDPWinsOverSystab() {
        #expect(facts(page: runningPage(rsdp: 0xF_5A40), runtimeMap: map).decide().acpiRSDP == 0xF_5A40)
    }

    @Test func noRuntimeMapFallsBackToRSDPAloneAndSaysWhy() {
        let d = facts(runtimeMap: nil).decide()
        #expect(d.efi == nil)
        #expect(d.acpiRSDP == 0x7FB7_E014)
        #expect(d.missing?.contains("CONFIG_EFI_RUNTIME_MAP") == true)
        let lines = MachineState(e820: [], screenInfo: nil, firmware: d).summary()
        #expect(lines.count == 2)
        #expect(lines[0].contains("cannot be handed over") && lines[0].contains("ACPI RSDP alone"))
        #expect(lines[1] == "kexec: handing over ACPI RSDP 0x7fb7e014, no EFI runtime, 0 e820 entries")
    }

    @Test func emptyEfiInfoIsNotHandedOver() {
        let d = facts(page: runningPage(systab: 0), runtimeMap: map).decide()
        #expect(d.efi == nil && d.missing?.contains("system table") == true)
    }

    @Test func biosMachineHasNoEFIAndNoComplaint() {
        let d = FirmwareFacts(bootParams: runningPage(systab: 0, rsdp: 0xF_5A40)).decide()
        #expect(d == FirmwareFacts.Decision(acpiRSDP: 0xF_5A40, efi: nil, missing: nil))
        let lines = MachineState(e820: [E820Entry(address: 0, size: 0x9FC00, type: 1)], screenInfo: nil, firmware: d).summary()
        #expect(lines == ["kexec: handing over ACPI RSDP 0xf5a40, no EFI (BIOS boot), 1 e820 entries"])
    }

    @Test func summaryNamesSystabAndRuntimeMapCount() {
        let lines = MachineState(e820: [], screenInfo: nil, firmware: facts(runtimeMap: map).decide()).summary()
        #expect(lines == ["kexec: handing over ACPI RSDP 0x7fb7e014, EFI system table 0x17fbee018 (EL64), 2 runtime-map entries, 0 e820 entries"])
    }

    @Test func signatureFromPlatformSizeWhenEfiInfoHasNone() {
        var page = runningPage()
        page.replaceSubrange(0x1C0..<0x1C4, with: [0, 0, 0, 0])
        var f = facts(page: page, runtimeMap: map)
        f.platformSize = "32\n"
        #expect(f.decide().efi?.loaderSignature == Array("EL32".utf8))
    }
}

@Suite struct SetupDataTests {
    let file = Fixtures.bzImage()
    let map = [EFIMemoryDescriptor(type: 5, physicalAddress: 0x7F8E_7000, virtualAddress: 0xFFFF_FFFE_FF7F_0000, pages: 0x100, attribute: 0x8000_0000_0000_000F),
               EFIMemoryDescriptor(type: 11, physicalAddress: 0xFFC0_0000, virtualAddress: 0xFFFF_FFFE_FF00_0000, pages: 0x400, attribute: 0x8000_0000_0000_0001)]
    let base: UInt64 = 0x20_0000

    func segment(efi: EFIHandover?, e820: [E820Entry] = [], cmdline: String = "console=ttyS0") throws -> [UInt8] {
        let header = try SetupHeader.parse(file)
        let input = BootParams.Input(kernelFile: file, kernelAddress: 0x100_0000, commandLineAddress: base + 4096,
                                     e820: e820, acpiRSDP: 0x7FB7_E014, efi: efi)
        let bytes = BootParams.setupSegment(input, header: header, address: base, commandLine: Array(cmdline.utf8) + [0])
        #expect(bytes.count == BootParams.setupSize(input, commandLineSize: cmdline.utf8.count + 1))
        return bytes
    }

    func efi(descriptorSize: UInt32 = 48) -> EFIHandover {
        EFIHandover(loaderSignature: Array("EL64".utf8), systemTable: 0x1_7FBE_E018, descriptorSize: descriptorSize,
                    runtimeMap: map, firmwareVendor: 0x7FBE_E098, runtimeServices: 0x7FBE_CB98,
                    configTables: 0x7FBE_CF18, smbios: 0x7F98_B000)
    }

    /// The setup_data list as (type, payload) from `hdr.setup_data`, following `next`.
    func chain(_ s: [UInt8]) -> [(type: UInt32, payload: [UInt8])] {
        var out: [(type: UInt32, payload: [UInt8])] = []
        var next = LittleEndian.load(UInt64.self, s, at: 0x250)
        while next != 0, out.count < 8 {
            let at = Int(next - base)
            let len = Int(LittleEndian.load(UInt32.self, s, at: at + 12))
            out.append((LittleEndian.load(UInt32.self, s, at: at + 8), Array(s[at + 16..<at + 16 + len])))
            #expect(at % 8 == 0)
            next = LittleEndian.load(UInt64.self, s, at: at)
        }
        return out
    }

    @Test func biosMachineHasNoSetupDataAndEmptyEfiInfo() throws {
        let s = try segment(efi: nil)
        #expect(s.count == 4096 + 14)
        #expect(LittleEndian.load(UInt64.self, s, at: 0x250) == 0)
        #expect(s[0x1C0..<0x1E0].allSatisfy { $0 == 0 })
        #expect(Array(s[4096..<4110]) == Array("console=ttyS0".utf8) + [0])
    }

    @Test func efiInfoPointsAtTheRuntimeMap() throws {
        let s = try segment(efi: efi())
        #expect(Array(s[0x1C0..<0x1C4]) == Array("EL64".utf8))
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1C4) == 0x7FBE_E018)
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1D8) == 1)             // systab_hi
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1C8) == 48)
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1CC) == 1)
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1D4) == 96)             // 2 × 48
        let mapAt = Int(LittleEndian.load(UInt32.self, s, at: 0x1D0)) - Int(base)
        #expect(LittleEndian.load(UInt32.self, s, at: 0x1DC) == 0)
        #expect(mapAt == 4096 + 16)                                              // after the cmdline, 8-aligned
        #expect(LittleEndian.load(UInt32.self, s, at: mapAt) == 5)
        #expect(LittleEndian.load(UInt64.self, s, at: mapAt + 8) == 0x7F8E_7000)
        #expect(LittleEndian.load(UInt64.self, s, at: mapAt + 16) == 0xFFFF_FFFE_FF7F_0000)
        #expect(LittleEndian.load(UInt64.self, s, at: mapAt + 24) == 0x100)
        #expect(LittleEndian.load(UInt64.self, s, at: mapAt + 32) == 0x8000_0000_0000_000F)
        #expect(s[mapAt + 40..<mapAt + 48].allSatisfy { $0 == 0 })
        #expect(LittleEndian.load(UInt32.self, s, at: mapAt + 48) == 11)
        #expect(LittleEndian.load(UInt64.self, s, at: mapAt + 48 + 8) == 0xFFC0_0000)
        #expect(LittleEndian.load(UInt64.self, s, at: 0x70) == 0x7FB7_E014)
    }

    @Test func descriptorSizeBelowTheFieldsIsRaised() {
        #expect(efi(descriptorSize: 0).descriptorSize == 40)
        #expect(efi(descriptorSize: 0).memoryMapBytes().count == 80)
    }

    @Test func setupEFINodeHoldsVendorRuntimeTablesAndSMBIOS() throws {
        let nodes = chain(try segment(efi: efi()))
        #expect(nodes.count == 1)
        #expect(nodes[0].type == 4)
        let p = nodes[0].payload
        #expect(p.count == 96)
        #expect(LittleEndian.load(UInt64.self, p, at: 0) == 0x7FBE_E098)
        #expect(LittleEndian.load(UInt64.self, p, at: 8) == 0x7FBE_CB98)   // runtime, for kernels before 5.7
        #expect(LittleEndian.load(UInt64.self, p, at: 16) == 0x7FBE_CF18)
        #expect(LittleEndian.load(UInt64.self, p, at: 24) == 0x7F98_B000)
        #expect(p[32...].allSatisfy { $0 == 0 })
    }

    @Test func e820Past128GoesToSetupE820Ext() throws {
        let e820 = (0..<131).map { E820Entry(address: UInt64($0) << 20, size: 0x8_0000, type: $0 % 2 == 0 ? 1 : 2) }
        let s = try segment(efi: efi(), e820: e820)
        #expect(s[0x1E8] == 128)
        #expect(LittleEndian.load(UInt64.self, s, at: 0x2D0 + 127 * 20) == 127 << 20)
        let nodes = chain(s)
        #expect(nodes.map(\.type) == [4, 1])
        let ext = nodes[1].payload
        #expect(ext.count == 3 * 20)
        #expect(LittleEndian.load(UInt64.self, ext, at: 0) == 128 << 20)
        #expect(LittleEndian.load(UInt64.self, ext, at: 40) == 130 << 20)
        #expect(LittleEndian.load(UInt64.self, ext, at: 48) == 0x8_0000)
        #expect(LittleEndian.load(UInt32.self, ext, at: 56) == 1)
    }

    @Test func e820ExtAloneOnABiosMachine() throws {
        let e820 = (0..<129).map { E820Entry(address: UInt64($0) << 20, size: 0x1000, type: 1) }
        let nodes = chain(try segment(efi: nil, e820: e820))
        #expect(nodes.map(\.type) == [1])
        #expect(nodes[0].payload.count == 20)
    }

    @Test func plannerReservesTheSetupData() throws {
        let header = try SetupHeader.parse(file)
        let ram = [MemoryRange(start: 0x10_0000, end: 0x8000_0000)]
        let plain = try SegmentPlanner.plan(header: header, kernelPayload: 1 << 20, initrdSize: 0, commandLineSize: 14, ram: ram)
        let more = try SegmentPlanner.plan(header: header, kernelPayload: 1 << 20, initrdSize: 0, commandLineSize: 14, ram: ram,
                                           setupDataSize: 5000)
        #expect(plain.setup.memsz == 8192)
        #expect(more.setup.memsz == 12288 && more.setup.bufsz == 4096 + 14 + 5000)
    }
}

@Suite struct LockdownTests {
    @Test(arguments: [("none [integrity] confidentiality\n", Lockdown.integrity),
                      ("[none] integrity confidentiality\n", .none),
                      ("none integrity [confidentiality]\n", .confidentiality)])
    func bracketedModeIsSelected(text: String, mode: Lockdown) {
        #expect(Lockdown.parse(text) == mode)
    }

    @Test func unbracketedTextIsUnknown() {
        #expect(Lockdown.parse("none integrity confidentiality") == nil)
    }

    @Test func lockedDownNeverUsesSegments() {
        #expect(KexecLoader.chooseMethod(.segments, lockdown: .integrity, log: false) == .file)
        #expect(KexecLoader.chooseMethod(nil, lockdown: .confidentiality, log: false) == .file)
        #expect(KexecLoader.chooseMethod(.segments, lockdown: .none, log: false) == .segments)
        #expect(KexecLoader.chooseMethod(nil, lockdown: .none, log: false) == .file)
    }

    @Test func rejectionUnderLockdownNamesModeAndKeyrings() {
        let e = KexecError(kind: .lockedDown, file: "/dev/vda2:/boot/vmlinuz", errno: EPERM, detail: Lockdown.integrity.signatureAdvice)
        let s = e.description
        #expect(s.hasPrefix("The running kernel rejected /dev/vda2:/boot/vmlinuz (EPERM): the running kernel is locked down (lockdown=integrity"))
        #expect(s.contains(".builtin_trusted_keys") && s.contains("MOK") && s.contains("signature"))
        #expect(KexecError.rejectsUnsigned(EPERM) && KexecError.rejectsUnsigned(EKEYREJECTED) && !KexecError.rejectsUnsigned(ENOMEM))
    }
}
