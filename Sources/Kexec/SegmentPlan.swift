/// One kexec_load segment: where it goes and how much of it comes from a buffer.
public struct PlannedSegment: Sendable, Equatable, CustomStringConvertible {
    /// What the segment holds: `kernel`, `initrd`, `setup` (boot_params + cmdline), `purgatory`.
    public var name: String
    /// Physical destination, page-aligned.
    public var mem: UInt64
    /// Bytes reserved at `mem`, page-aligned; the kernel zero-fills past `bufsz`.
    public var memsz: UInt64
    /// Bytes copied from the buffer.
    public var bufsz: UInt64

    public var description: String {
        "\(name): mem=\(hex(mem))-\(hex(mem + memsz - 1)) memsz=\(memsz) bufsz=\(bufsz)"
    }
}

/// Where every part of an x86_64 bzImage boot goes in physical memory.
public struct SegmentPlan: Sendable, Equatable {
    public var kernel: PlannedSegment
    public var initrd: PlannedSegment?
    public var setup: PlannedSegment
    public var purgatory: PlannedSegment

    /// The purgatory's first byte: what kexec_load jumps to.
    public var entry: UInt64 { purgatory.mem }
    /// The kernel's 64-bit entry point.
    public var kernelEntry: UInt64 { kernel.mem + 0x200 }
    /// boot_params is the first page of the setup segment.
    public var bootParamsAddress: UInt64 { setup.mem }
    /// The command line follows boot_params.
    public var commandLineAddress: UInt64 { setup.mem + 4096 }

    /// The segments in address order, as kexec_load takes them.
    public var segments: [PlannedSegment] {
        ([kernel, setup, purgatory] + (initrd.map { [$0] } ?? [])).sorted { $0.mem < $1.mem }
    }
}

/// Places kernel, initrd, boot_params + command line and purgatory in free RAM.
public enum SegmentPlanner {
    public static let pageSize: UInt64 = 4096
    /// Nothing goes below 1 MiB: real-mode data, BIOS and the trampoline live there.
    public static let lowLimit: UInt64 = 0x10_0000
    static let fourGiB: UInt64 = 0x1_0000_0000

    /// Why the segments do not fit.
    public struct PlacementError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Plans the segments.
    /// - Parameters:
    ///   - header: the kernel's setup header.
    ///   - kernelPayload: bytes of the protected-mode kernel (file size minus setup).
    ///   - initrdSize: bytes of the (concatenated) initrd, 0 for none.
    ///   - commandLineSize: bytes of the command line including its NUL.
    ///   - ram: usable RAM (from `/proc/iomem`).
    ///   - setupDataSize: bytes after the command line in the setup segment (the
    ///     setup_data list, see `BootParams.setupSegment`).
    public static func plan(header: SetupHeader, kernelPayload: Int, initrdSize: Int,
                            commandLineSize: Int, ram: [MemoryRange],
                            setupDataSize: Int = 0) throws(PlacementError) -> SegmentPlan {
        var free = ram.compactMap { r -> MemoryRange? in
            let s = max(roundUp(r.start, pageSize), lowLimit)
            let e = r.end & ~(pageSize - 1)
            return s < e ? MemoryRange(start: s, end: e) : nil
        }.sorted { $0.start < $1.start }
        guard !free.isEmpty else {
            throw PlacementError(message: "no usable RAM listed in /proc/iomem (it needs root to show addresses)")
        }

        // Kernel: aligned, ideally at its preferred address, below 4 GiB when possible.
        let kernelMem = roundUp(max(UInt64(kernelPayload), UInt64(header.initSize)), pageSize)
        let align = max(UInt64(header.kernelAlignment), pageSize)
        let above4G = header.canLoadAbove4G ? UInt64.max : fourGiB
        guard let kernelAt = allocate(kernelMem, align: align, min: max(header.prefAddress, lowLimit), max: fourGiB, high: false, in: &free)
            ?? allocate(kernelMem, align: align, min: lowLimit, max: above4G, high: false, in: &free) else {
            throw PlacementError(message: "no free RAM for the kernel (\(kernelMem) bytes, aligned to \(hex(align)))")
        }
        let kernel = PlannedSegment(name: "kernel", mem: kernelAt, memsz: kernelMem, bufsz: UInt64(kernelPayload))

        // Initrd: as high as allowed, like boot loaders do, out of the kernel's way.
        var initrd: PlannedSegment?
        if initrdSize > 0 {
            let size = roundUp(UInt64(initrdSize), pageSize)
            let limit = header.initrdAddrMax == 0 ? UInt64(0x3800_0000) : UInt64(header.initrdAddrMax) + 1
            guard let at = allocate(size, align: pageSize, min: lowLimit, max: min(limit, fourGiB), high: true, in: &free)
                ?? (header.canLoadAbove4G ? allocate(size, align: pageSize, min: lowLimit, max: .max, high: true, in: &free) : nil) else {
                throw PlacementError(message: "no free RAM below \(hex(limit)) for the initrd (\(initrdSize) bytes)")
            }
            initrd = PlannedSegment(name: "initrd", mem: at, memsz: size, bufsz: UInt64(initrdSize))
        }

        // boot_params page + command line + setup_data, and the purgatory page: low, below 4 GiB.
        let setupBytes = 4096 + UInt64(commandLineSize) + UInt64(setupDataSize)
        let setupMem = roundUp(setupBytes, pageSize)
        guard let setupAt = allocate(setupMem, align: pageSize, min: lowLimit, max: fourGiB, high: false, in: &free) else {
            throw PlacementError(message: "no free RAM below 4 GiB for boot_params")
        }
        guard let purgatoryAt = allocate(UInt64(Purgatory.size), align: pageSize, min: lowLimit, max: fourGiB, high: false, in: &free) else {
            throw PlacementError(message: "no free RAM below 4 GiB for the purgatory")
        }
        return SegmentPlan(
            kernel: kernel, initrd: initrd,
            setup: PlannedSegment(name: "setup", mem: setupAt, memsz: setupMem, bufsz: setupBytes),
            purgatory: PlannedSegment(name: "purgatory", mem: purgatoryAt, memsz: UInt64(Purgatory.size), bufsz: UInt64(Purgatory.size)))
    }

    /// Takes `size` bytes aligned to `align` within [min, max) out of `free`: the lowest
    /// fit, or the highest when `high`.
    static func allocate(_ size: UInt64, align: UInt64, min lo: UInt64, max hi: UInt64, high: Bool,
                         in free: inout [MemoryRange]) -> UInt64? {
        var best: UInt64?
        for r in free {
            let s = Swift.max(r.start, lo)
            let e = Swift.min(r.end, hi)
            guard s < e, e - s >= size else { continue }
            let candidate: UInt64
            if high {
                candidate = (e - size) / align * align
                guard candidate >= s else { continue }
            } else {
                candidate = roundUp(s, align)
                guard candidate <= e, e - candidate >= size else { continue }
            }
            if let b = best {
                if high ? candidate > b : candidate < b { best = candidate }
            } else {
                best = candidate
            }
        }
        if let at = best { free = IOMem.subtract(MemoryRange(start: at, end: at + size), from: free) }
        return best
    }

    static func roundUp(_ v: UInt64, _ a: UInt64) -> UInt64 { (v + a - 1) / a * a }
}
