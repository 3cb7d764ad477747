import BootConfig
import LinuxSystem

/// One generation of the kexec chain test (`swiftboot.chain=N`): check this
/// initramfs, then load the next generation. Called by the `ui` child after discovery.
public enum ChainBoot {
    /// What the caller does next.
    public enum Next: Sendable, Equatable {
        /// No chain on the command line: run the menu.
        case menu
        /// The chain is over (N == 0) or cannot go on; the reason was logged: run the menu.
        case chainEnded
        /// The next generation is loaded: exit with `ExitStatus.handOff`.
        case handOff
    }

    /// Verifies the initramfs digest (logging `chain generation N: initramfs digest ok`),
    /// and while N > 0 loads the `swiftboot-chain` entry with `swiftboot.chain=N-1`.
    /// Its lines also go to the console (the menu has not taken it yet), so a test
    /// watching the serial line sees every generation.
    public static func step(options: KernelOptions, entries: [BootEntry], volumes: [Volume]) -> Next {
        guard let generation = options.chain else { return .menu }
        let console = Log.consoleEnabled
        Log.consoleEnabled = true
        defer { Log.consoleEnabled = console }
        do {
            switch try InitramfsDigest.check() {
            case .match:
                Log.info(ChainPlan.digestOKLine(generation: generation))
            case .mismatch(let stored, let computed):
                Log.error("chain generation \(generation): initramfs digest MISMATCH: stored \(stored), computed \(computed)")
                return .chainEnded
            case .noDigest:
                Log.error("chain generation \(generation): the initramfs has no /etc/swiftboot/digest")
                return .chainEnded
            }
        } catch {
            Log.error("chain generation \(generation): reading the initramfs failed: \(error)")
            return .chainEnded
        }
        guard generation > 0 else {
            Log.info("chain: last generation reached; starting the menu")
            return .chainEnded
        }
        guard let plan = ChainPlan.next(options: options, entries: entries) else {
            Log.error("chain: no entry labelled '\(ChainPlan.entryLabel)' found; starting the menu")
            return .chainEnded
        }
        guard let volume = volumes.first(where: { $0.name == plan.entry.fs }) else {
            Log.error("chain: volume \(plan.entry.fs) of '\(ChainPlan.entryLabel)' is gone")
            return .chainEnded
        }
        do {
            try KexecLoader.load(plan, volume: volume)
        } catch {
            Log.error("chain generation \(generation): \(error)")
            return .chainEnded
        }
        Log.info("chain generation \(generation): next generation loaded (swiftboot.chain=\(generation - 1))")
        return .handOff
    }
}
