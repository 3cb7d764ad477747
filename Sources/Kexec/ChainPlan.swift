import BootConfig

/// The kexec chain test (`swiftboot.chain=N`): the payload boots the entry labelled
/// `swiftboot-chain` (its own kernel and initramfs on a test disk) without showing the
/// menu, with `swiftboot.chain=N-1`, until N reaches 0; then the menu runs as usual.
public enum ChainPlan {
    /// The id or title of the entry a chain boots.
    public static let entryLabel = "swiftboot-chain"

    /// The plan for the next generation, or nil when the chain is over (N == 0, no
    /// chain option) or no entry is labelled `swiftboot-chain`.
    public static func next(options: KernelOptions, entries: [BootEntry]) -> BootPlan? {
        guard let n = options.chain, n > 0 else { return nil }
        guard let entry = entries.first(where: { $0.id == entryLabel || $0.title == entryLabel }) else { return nil }
        var plan = BootPlan(entry: entry, cmdline: rewrite(entry.cmdline, remaining: n - 1))
        plan.method = options.kexecMethod
        if options.resetDevices { plan.addResetDevices() }
        return plan
    }

    /// `cmdline` with every `swiftboot.chain=` word replaced by `swiftboot.chain=remaining`
    /// (appended when there is none).
    public static func rewrite(_ cmdline: String, remaining: Int) -> String {
        let words = cmdline.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let kept = words.filter { !$0.hasPrefix("swiftboot.chain=") && $0 != "swiftboot.chain" }
        return (kept + ["swiftboot.chain=\(remaining)"]).joined(separator: " ")
    }

    /// The log line a generation writes once its initramfs digest matched.
    public static func digestOKLine(generation: Int) -> String {
        "chain generation \(generation): initramfs digest ok"
    }
}
