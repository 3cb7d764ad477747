import BootConfig

/// The measurements of one boot, made the way the original boot chain would have made
/// them (docs/measured-boot.md has the mapping and its sources):
/// - PCR 4: the kernel file (the UKI file for a UKI) as UEFI firmware measures an EFI
///   application it loads: its Authenticode digest, `EV_EFI_BOOT_SERVICES_APPLICATION`;
/// - PCR 11 (UKI only): each section as systemd-stub does (`UKIMeasurement`);
/// - PCR 12: the command line as systemd-boot measures the load options it passes:
///   UTF-16LE with its NUL terminator, `EV_IPL` (for a UKI only when the command line
///   is not the UKI's own `.cmdline`: systemd-boot passes no options then);
/// - PCR 9: the initrd as handed to the kernel (several concatenated, 4-byte padded),
///   as the kernel's EFI stub measures the initrd it loads (`EV_EVENT_TAG`,
///   `INITRD_EVENT_TAG_ID` 0x8F3B22EC, "Linux initrd").
public enum BootMeasurements {
    /// What a boot measures, with digests for each of `banks` swiftboot can compute.
    ///
    /// - Parameters:
    ///   - kernelFile: the kernel (or UKI) file as on disk.
    ///   - kernelName: its name for the log (`fs:/path`).
    ///   - isUKI: whether the file is a UKI (then PCR 11 gets its sections).
    ///   - initrd: the initrd bytes handed over, nil without initrd.
    ///   - cmdline: the command line the next kernel gets.
    ///   - banks: the TPM's active banks.
    /// - Returns: the measurements and notes for the log (e.g. a kernel that is not PE).
    public static func plan(kernelFile: [UInt8], kernelName: String, isUKI: Bool, initrd: [UInt8]?,
                            cmdline: String, banks: [HashAlgorithm]) -> (measurements: [Measurement], notes: [String]) {
        let usable = banks.filter(\.isSupported)
        var out: [Measurement] = []
        var notes: [String] = []
        func digests(_ body: (HashAlgorithm) throws(PEError) -> [UInt8]?) throws(PEError) -> [(HashAlgorithm, [UInt8])] {
            var list: [(HashAlgorithm, [UInt8])] = []
            for bank in usable { if let d = try body(bank) { list.append((bank, d)) } }
            return list
        }
        // PCR 4: the EFI application the firmware would have loaded.
        do throws(PEError) {
            let d = try digests { (bank) throws(PEError) in try Authenticode.digest(kernelFile, algorithm: bank) }
            out.append(Measurement(pcr: 4, eventType: Measurement.evBootServicesApplication,
                                   eventData: imageLoadEvent(size: kernelFile.count), digests: d, what: "\(isUKI ? "UKI" : "kernel") \(kernelName) (Authenticode)"))
        } catch {
            notes.append("PCR 4 not extended: \(kernelName) is not a PE image firmware could load (\(error))")
        }
        // PCR 11: the UKI's sections.
        var ukiCmdline: String?
        if isUKI {
            do throws(PEError) {
                for (name, contents) in try UKIMeasurement.sections(of: kernelFile) {
                    let nameBytes = Array(name.utf8) + [0]
                    let description = utf16(name)
                    out.append(Measurement(pcr: 11, eventType: Measurement.evIPL, eventData: description,
                                           digests: usable.compactMap { b in b.digest(nameBytes).map { (b, $0) } }, what: "UKI section name \(name)"))
                    out.append(Measurement(pcr: 11, eventType: Measurement.evIPL, eventData: description,
                                           digests: usable.compactMap { b in b.digest(contents).map { (b, $0) } }, what: "UKI section \(name) (\(contents.count) bytes)"))
                    if name == ".cmdline" { ukiCmdline = trimmed(String(decoding: contents, as: UTF8.self)) }
                }
            } catch {
                notes.append("PCR 11 not extended: \(kernelName) is not a readable UKI (\(error))")
            }
        }
        // PCR 12: the load options systemd-boot passes.
        if !isUKI || ukiCmdline != cmdline {
            let options = utf16(cmdline)
            out.append(Measurement(pcr: 12, eventType: Measurement.evIPL, eventData: options,
                                   digests: usable.compactMap { b in b.digest(options).map { (b, $0) } }, what: "command line (UTF-16, \(options.count) bytes)"))
        }
        // PCR 9: the initrd the kernel's EFI stub would have loaded.
        if let initrd {
            var data: [UInt8] = []
            let text = Array("Linux initrd".utf8) + [0]
            data.appendLittleEndian(UInt32(0x8F3B_22EC))
            data.appendLittleEndian(UInt32(text.count))
            data += text
            out.append(Measurement(pcr: 9, eventType: Measurement.evEventTag, eventData: data,
                                   digests: usable.compactMap { b in b.digest(initrd).map { (b, $0) } }, what: "initrd (\(initrd.count) bytes)"))
        }
        return (out, notes)
    }

    /// Text without trailing NULs and blanks (as the menu reads `.cmdline`).
    static func trimmed(_ text: String) -> String {
        var t = text
        while let last = t.unicodeScalars.last, last == "\0" || last == " " || last == "\n" || last == "\r" || last == "\t" {
            t.unicodeScalars.removeLast()
        }
        return t
    }

    /// A string as UTF-16LE with a NUL terminator (`strsize16` in systemd-boot).
    public static func utf16(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for unit in text.utf16 { out.appendLittleEndian(unit) }
        out += [0, 0]
        return out
    }

    /// `UEFI_IMAGE_LOAD_EVENT` with only the image length known: location 0, length,
    /// link-time address 0, no device path.
    static func imageLoadEvent(size: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLittleEndian(UInt64(0))
        out.appendLittleEndian(UInt64(size))
        out.appendLittleEndian(UInt64(0))
        out.appendLittleEndian(UInt64(0))
        return out
    }
}
