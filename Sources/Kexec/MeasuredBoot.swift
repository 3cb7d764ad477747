import BootConfig
import Cpio
import LinuxSystem
import Measure

/// Measured boot before the hand-off (docs/measured-boot.md): the PCR extends the
/// original boot chain would have made (`BootMeasurements`), sent to the TPM with
/// swiftboot's own TPM2_GetCapability and TPM2_PCR_Extend, and a TCG2 event log of
/// them for the booted system. No TPM: one log line. A TPM error: logged, the boot
/// goes on (without a log handed over).
enum MeasuredBoot {
    /// Where the event log lands in the next kernel's initramfs (a cpio member appended
    /// to the initrd after it was measured).
    static let logPath = "/swiftboot/tpm-event-log"

    /// Measures the prepared image; returns the event log as a cpio archive to append
    /// to the initrd, or nil when nothing was measured.
    static func measure(_ image: PreparedImage, isUKI: Bool) -> [UInt8]? {
        let tpm: TPMDevice
        do {
            guard let found = try TPMDevice.open() else {
                Log.info("tpm: no TPM (\(TPMDevice.candidates.joined(separator: ", ")) absent): boot not measured")
                return nil
            }
            tpm = found
        } catch {
            Log.error("tpm: cannot open the TPM: \(error); boot not measured")
            return nil
        }
        defer { tpm.close() }
        let banks: [HashAlgorithm]
        do {
            banks = try TPMResponse.activeBanks(try tpm.transmit(TPMCommand.getPCRBanks()))
        } catch {
            Log.error("tpm: TPM2_GetCapability(TPM_CAP_PCRS) on \(tpm.path) failed: \(error); boot not measured")
            return nil
        }
        for bank in banks where !bank.isSupported {
            Log.error("tpm: the \(bank) PCR bank of \(tpm.path) is active but swiftboot computes only sha1, sha256, sha384 and sha512: that bank is not extended")
        }
        guard banks.contains(where: \.isSupported) else {
            Log.error("tpm: \(tpm.path) has no sha1, sha256, sha384 or sha512 bank active (\(banks.map(\.description).joined(separator: ", "))): boot not measured")
            return nil
        }
        let kernelFile: [UInt8]
        let initrd: [UInt8]
        do {
            kernelFile = try image.kernelFileBytes()
            initrd = try image.initrdBytes()
        } catch {
            Log.error("tpm: cannot read what is measured: \(error); boot not measured")
            return nil
        }
        // The kernel's EFI stub measures the initrd the loader hands it: the parts each
        // padded to 4 bytes but the last, whose padding is not part of it.
        let layout = InitrdLayout.offsets(sizes: image.initrdSizes)
        let measuredInitrd = initrd.prefix((layout.offsets.last ?? 0) + (image.initrdSizes.last ?? 0))
        let (measurements, notes) = BootMeasurements.plan(kernelFile: kernelFile, kernelName: image.kernelName, isUKI: isUKI,
                                                          initrd: image.initrd == nil ? nil : Array(measuredInitrd),
                                                          cmdline: image.cmdline, banks: banks)
        for note in notes { Log.info("tpm: " + note) }
        var log = EventLog(banks: banks.filter(\.isSupported))
        for m in measurements {
            do {
                _ = try TPMResponse.checked(try tpm.transmit(TPMCommand.pcrExtend(pcr: m.pcr, digests: m.digests)))
            } catch {
                Log.error("tpm: TPM2_PCR_Extend of PCR \(m.pcr) with \(m.what) on \(tpm.path) failed: \(error); the boot goes on, the remaining measurements are skipped")
                return nil
            }
            log.append(m)
            let sha256 = m.digests.first { $0.0 == .sha256 }.map { " sha256 " + SHA256.hexString($0.1) } ?? ""
            Log.info("tpm: PCR \(m.pcr) extended with \(m.what)\(sha256)")
        }
        Log.info("tpm: \(measurements.count) measurements into \(tpm.path) (banks \(banks.filter(\.isSupported).map(\.description).joined(separator: ", "))); event log \(log.bytes.count) bytes at \(logPath) in the initramfs")
        var archive = Archive()
        do {
            try archive.addDirectory("/swiftboot")
            try archive.addFile(logPath, contents: log.bytes, permissions: 0o444)
        } catch {
            Log.error("tpm: cannot make the event log archive: \(error)")
            return nil
        }
        return archive.newcBytes()
    }
}
