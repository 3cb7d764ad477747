#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// The `kexec_load` method for x86_64 bzImages: swiftboot builds boot_params and the
/// segments itself and enters the kernel through its own purgatory.
enum SegmentLoad {
    /// Everything kexec_load needs, built in memory.
    struct Built {
        var plan: SegmentPlan
        var segments: [(buffer: [UInt8], mem: UInt64, memsz: UInt64)]
        /// What the firmware gave the first kernel and the next one gets (log lines).
        var handover: [String]
    }

    /// Builds boot_params and the segment list from the machine's memory maps.
    static func build(_ image: PreparedImage) throws(KexecError) -> Built {
        #if !arch(x86_64)
        throw KexecError(kind: .unsupported, file: image.kernelName, detail: "the segments method is implemented for x86_64 only")
        #else
        let kernelFile = try image.kernelBytes()
        let header: SetupHeader
        do { header = try SetupHeader.parse(kernelFile) } catch {
            throw KexecError(kind: .notAKernel, file: image.kernelName, detail: error.message)
        }
        let cmdlineBytes = Array(image.cmdline.utf8) + [0]
        if cmdlineBytes.count - 1 > Int(header.cmdlineSize) {
            throw KexecError(kind: .commandLineTooLong, file: image.kernelName,
                             detail: "\(cmdlineBytes.count) bytes with its NUL; this kernel takes at most \(header.cmdlineSize + 1)")
        }
        let initrd = try image.initrdBytes()
        let ram = IOMem.systemRAM((try? FileSystem.readText("/proc/iomem")) ?? "")
        let payload = kernelFile.count - header.payloadOffset
        let running = MachineState.read()
        var input = BootParams.Input(
            kernelFile: kernelFile, kernelAddress: 0, commandLineAddress: 0, initrdSize: UInt64(initrd.count),
            e820: running.e820, screenInfo: running.screenInfo, acpiRSDP: running.firmware.acpiRSDP,
            efi: running.firmware.efi)
        let setupData = BootParams.setupSize(input, commandLineSize: cmdlineBytes.count) - 4096 - cmdlineBytes.count
        let plan: SegmentPlan
        do {
            plan = try SegmentPlanner.plan(header: header, kernelPayload: payload, initrdSize: initrd.count,
                                           commandLineSize: cmdlineBytes.count, ram: ram, setupDataSize: setupData)
        } catch {
            throw KexecError(kind: .noMemory, file: image.kernelName, detail: error.message)
        }
        input.kernelAddress = plan.kernel.mem
        input.commandLineAddress = plan.commandLineAddress
        input.initrdAddress = plan.initrd?.mem ?? 0
        let setup = BootParams.setupSegment(input, header: header, address: plan.setup.mem, commandLine: cmdlineBytes)
        var segments: [(buffer: [UInt8], mem: UInt64, memsz: UInt64)] = []
        segments.append((Array(kernelFile[header.payloadOffset...]), plan.kernel.mem, plan.kernel.memsz))
        if let i = plan.initrd { segments.append((initrd, i.mem, i.memsz)) }
        segments.append((setup, plan.setup.mem, plan.setup.memsz))
        // The purgatory checks every other segment before it enters the kernel.
        let checks = segments.map { s in
            Purgatory.Check(address: s.mem, length: s.memsz, sum: Purgatory.checksum(s.buffer, length: Int(s.memsz)))
        }
        segments.append((Purgatory.page(bootParams: plan.bootParamsAddress, kernelEntry: plan.kernelEntry, checks: checks),
                         plan.purgatory.mem, plan.purgatory.memsz))
        segments.sort { $0.mem < $1.mem }
        return Built(plan: plan, segments: segments, handover: running.summary())
        #endif
    }

    /// The dry-run lines: method, the segment list, entry and boot_params addresses.
    static func describe(_ image: PreparedImage) throws(KexecError) -> [String] {
        let built = try build(image)
        var lines = ["method: segments (kexec_load, swiftboot purgatory)"]
        lines.append("kernel: \(image.kernelName) \(FileLoad.formatName(image)), \(image.kernelSize) bytes")
        for (i, s) in built.plan.segments.enumerated() { lines.append("segment \(i) \(s)") }
        lines.append("checks: the purgatory verifies \(built.segments.count - 1) segments (rol-5 add checksum) before entering the kernel")
        lines += built.handover
        lines.append("entry: purgatory at \(hex(built.plan.entry)); boot_params at \(hex(built.plan.bootParamsAddress)); cmdline at \(hex(built.plan.commandLineAddress)); kernel 64-bit entry at \(hex(built.plan.kernelEntry))")
        return lines
    }

    /// Builds and loads the segments.
    static func load(_ image: PreparedImage) throws(KexecError) {
        let built = try build(image)
        for line in built.handover { Log.info(line) }
        do {
            try KexecSyscalls.segmentLoad(entry: built.plan.entry, segments: built.segments)
        } catch {
            if error.errno == ENOMEM || error.errno == EADDRNOTAVAIL {
                throw KexecError(kind: .noMemory, file: image.kernelName, errno: error.errno,
                                 detail: built.plan.segments.map(\.description).joined(separator: "; "))
            }
            throw KexecError.fromErrno(error.errno, file: image.kernelName, detail: "kexec_load")
        }
    }
}
