#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// swiftboot's kexec loader: one API over `kexec_file_load` and `kexec_load`.
public enum KexecLoader {
    /// Loads the plan's kernel, initrds and command line for the next
    /// `reboot(LINUX_REBOOT_CMD_KEXEC)` (see `Handoff`).
    ///
    /// `plan.method` nil means `kexec_file_load`, falling back to the segments method
    /// when the running kernel lacks it (ENOSYS). Paths are opened inside `volume` only.
    public static func load(_ plan: BootPlan, volume: Volume) throws(KexecError) {
        let image = try PreparedImage.open(plan, volume: volume)
        defer { image.close() }
        if let eventLog = MeasuredBoot.measure(image, isUKI: plan.entry.kernelFormat == .uki) {
            do { try image.appendToInitrd(eventLog, name: "tpm-event-log") } catch {
                Log.error("tpm: the event log could not be added to the initrd: \(error); booting without it")
            }
        }
        let lockdown = Lockdown.current()
        let method = chooseMethod(plan.method, lockdown: lockdown, log: true)
        var usedSegments = method == .segments
        Log.info("kexec: loading \(image.kernelName) with initrds [\(image.initrdNames.joined(separator: ", "))] cmdline \"\(plan.cmdline)\" by \(method == .file ? "kexec_file_load" : "kexec_load")")
        switch method {
        case .file:
            do {
                try FileLoad.load(image)
            } catch where error.errno == ENOSYS && !lockdown.isLocked {
                Log.info("kexec: the running kernel has no kexec_file_load (ENOSYS); using kexec_load segments")
                try SegmentLoad.load(image)
                usedSegments = true
            } catch where lockdown.isLocked && KexecError.rejectsUnsigned(error.errno) {
                throw KexecError(kind: .lockedDown, file: image.kernelName, errno: error.errno, detail: lockdown.signatureAdvice)
            }
        case .segments:
            try SegmentLoad.load(image)
        }
        Log.info("kexec: \(image.kernelName) loaded")
        LoadRecord.write("'\(plan.entry.title)' (\(usedSegments ? "kexec_load" : "kexec_file_load")): kernel=\(image.kernelName) initrds=\(image.initrdNames.joined(separator: ",")) cmdline=\(plan.cmdline)")
    }

    /// What `load` would do, without loading: opens and checks every file, and for the
    /// segments method plans the segments from this machine's memory maps.
    /// - Returns: printable lines (the plan summary first).
    public static func dryRun(_ plan: BootPlan, volume: Volume) throws(KexecError) -> [String] {
        let image = try PreparedImage.open(plan, volume: volume)
        defer { image.close() }
        let head = "kexec: kernel=\(image.kernelName) initrds=\(image.initrdNames.joined(separator: ",")) cmdline=\(plan.cmdline)"
        // The plan is shown as asked; under lockdown `load` would use kexec_file_load.
        let lockdown = Lockdown.current()
        let method = plan.method ?? .file
        if lockdown.isLocked && method == .segments {
            let note = "lockdown: \(lockdown.rawValue): the running kernel refuses kexec_load, so loading would use kexec_file_load instead of this plan; \(lockdown.signatureAdvice)"
            return [head, note] + (try SegmentLoad.describe(image))
        }
        switch method {
        case .file: return [head] + (try FileLoad.describe(image))
        case .segments: return [head] + (try SegmentLoad.describe(image))
        }
    }

    /// The method to use: `requested` (nil: file), except that a locked-down kernel
    /// refuses kexec_load, so there it is always kexec_file_load (said in the log).
    static func chooseMethod(_ requested: KexecMethod?, lockdown: Lockdown, log: Bool) -> KexecMethod {
        guard lockdown.isLocked else { return requested ?? .file }
        if log {
            let why = requested == .segments ? "the segments method asked for is not used" : "the segments method is not tried, not even as a fallback"
            Log.info("kexec: the running kernel is locked down (lockdown=\(lockdown.rawValue)); it refuses kexec_load, so \(why): loading with kexec_file_load, which takes only a kernel signed by a key in the kernel's keyrings")
        }
        return .file
    }

    /// Unloads any loaded image (both methods); errors are logged, not thrown.
    public static func unload() {
        do {
            try KexecSyscalls.fileUnload()
        } catch {
            do { try KexecSyscalls.segmentUnload() } catch {
                Log.error("kexec: unloading the image failed: \(error)")
                return
            }
        }
        // kexec_file_load's unload leaves a kexec_load image in place; clear that too.
        if KexecSyscalls.isLoaded() == true { try? KexecSyscalls.segmentUnload() }
        LoadRecord.remove()
        Log.info("kexec: image unloaded")
    }

    /// Whether an image is loaded (`/sys/kernel/kexec_loaded`); nil when unknown.
    public static var isLoaded: Bool? { KexecSyscalls.isLoaded() }
}

/// What the `ui` child loaded, left for PID 1's hand-off log (`/run/swiftboot/kexec-image`).
enum LoadRecord {
    static let path = "/run/swiftboot/kexec-image"

    static func write(_ line: String) {
        guard FileSystem.exists("/run/swiftboot") else { return }
        guard let fd = try? FileDescriptor.open(path, .writeOnly, options: [.create, .truncate]) else { return }
        defer { fd.close() }
        try? fd.writeAll(Array((line + "\n").utf8))
    }

    static func read() -> String? {
        (try? FileSystem.readText(path))?.trimmingBlanks()
    }

    static func remove() { unlink(path) }
}
