#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// systemd's Boot Loader Interface on this machine: mounting efivarfs (PID 1), reading
/// the variables that steer the BLS menu, and recording a boot in them.
public enum LoaderVariableStore {
    /// CLOCK_BOOTTIME in µs when swiftboot started (PID 1 sets it first thing; the menu
    /// process, forked from it, inherits it): `LoaderTimeInitUSec`.
    nonisolated(unsafe) public static var startMicroseconds: UInt64?

    /// The store the menu reads and writes.
    public static let store = EFIVariableStore()

    /// PID 1: mounts efivarfs on /sys/firmware/efi/efivars (loading its module first).
    /// Without EFI firmware logs exactly one line and does nothing.
    public static func mount() {
        guard FileSystem.isDirectory("/sys/firmware/efi") else {
            Log.info("efivars: no EFI firmware (/sys/firmware/efi missing): Boot Loader Interface skipped")
            return
        }
        ModuleLoader.loadFilesystem("efivarfs")
        let step = InitPlan.efiVariables
        do {
            try step.run()
            Log.info("efivars: \(step)")
        } catch {
            Log.error("efivars: \(step): \(error); Boot Loader Interface skipped")
        }
    }

    /// The variables, or nil when efivarfs is not mounted (no EFI, or the mount failed:
    /// PID 1 logged why). A variable that cannot be read is logged and taken as unset.
    public static func read() -> LoaderVariables? {
        guard store.isMounted else { return nil }
        let variables = LoaderVariables { name in
            do {
                return try store.readString(name)
            } catch {
                Log.error("efivars: \(error)")
                return nil
            }
        }
        Log.info("efivars: Boot Loader Interface: \(variables.summary)")
        return variables
    }

    /// Writes what booting an entry records (`LoaderBootRecord.updates`) into `target`,
    /// skipping variables that already hold the value. Failures are logged and the rest
    /// still written; the first is thrown at the end.
    public static func record(_ record: LoaderBootRecord, info: String,
                              in target: EFIVariableStore = LoaderVariableStore.store) throws(SystemError) {
        let store = target
        let now = bootTimeMicroseconds()
        let updates = record.updates(info: info, initMicroseconds: startMicroseconds ?? now, execMicroseconds: now)
        var done: [String] = []
        var firstError: SystemError?
        for (name, value) in updates {
            do {
                guard let value else {
                    if try store.read(name) != nil {
                        try store.delete(name)
                        done.append("deleted \(name)")
                    }
                    continue
                }
                let data = encode(value)
                if let current = try store.read(name), current.data == data,
                   current.attributes == .persistent { continue }
                try store.write(name, data: data)
                done.append("\(name)=\(describe(value))")
            } catch {
                Log.error("efivars: \(name): \(error)")
                if firstError == nil { firstError = error }
            }
        }
        Log.info("efivars: \(done.isEmpty ? "nothing to change" : done.joined(separator: " "))")
        if let firstError { throw firstError }
    }

    /// The bytes of a value as the Boot Loader Interface stores it.
    public static func encode(_ value: LoaderBootRecord.Value) -> [UInt8] {
        switch value {
        case .text(let text): return EFIVariableData.utf16(text)
        case .list(let texts): return EFIVariableData.utf16List(texts)
        case .bits(let bits): return EFIVariableData.uint64(bits)
        }
    }

    private static func describe(_ value: LoaderBootRecord.Value) -> String {
        switch value {
        case .text(let text): return text
        case .list(let texts): return texts.joined(separator: ",")
        case .bits(let bits): return "0x" + String(bits, radix: 16)
        }
    }

    /// CLOCK_BOOTTIME (time since the payload kernel started, suspend included) in µs.
    public static func bootTimeMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
