import BootConfig
import BootMenu
import Credentials
import LinuxSystem

/// swiftboot's locked-down policy on this machine: read from the initramfs (or `menu
/// --policy`), tightened by the kernel parameters, and checked before every boot.
enum PolicyGate {
    /// Where the initramfs carries the policy (`mkinitramfs --policy FILE`).
    static let defaultPath = "/etc/swiftboot/policy"

    /// The policy at `path` tightened by `kernel`: no file is the open policy; a file that
    /// cannot be read or parsed locks everything (no edit, no shell, nothing boots), so
    /// a broken policy never opens the machine.
    static func load(_ path: String, kernel: KernelOptions) -> BootPolicy {
        var policy = BootPolicy.open
        if FileSystem.exists(path) {
            do {
                let text = try FileSystem.readText(path)
                policy = try BootPolicy.parse(text, origin: path)
                Log.info("policy: \(path): \(describe(policy))")
            } catch {
                Log.error("policy: \(error): every entry is refused, editing and the shell are off")
                policy = BootPolicy(origin: path, editAllowed: false, shellAllowed: false,
                                    allowLists: [AllowList(origin: path + " (unreadable)")])
            }
        }
        let tightened = policy.tightened(by: kernel.policy)
        if kernel.policy != PolicyTightening() { Log.info("policy: tightened by the kernel command line: \(describe(tightened))") }
        return tightened
    }

    static func describe(_ p: BootPolicy) -> String {
        var parts = [p.password == nil ? "no password" : "password for '\(p.user)'",
                     "edit=\(p.editAllowed ? "on" : "off")", "shell=\(p.shellAllowed ? "on" : "off")"]
        for list in p.allowLists {
            parts.append("allow-list \(list.origin): \(list.kernelGlobs.count) glob(s), \(list.sha256.count) digest(s)")
        }
        return parts.joined(separator: ", ")
    }

    /// Why `plan` may not boot under `policy`, or nil. Digests are of the files as they
    /// are in `volume` now (read once more by the loader: on a read-only mount); with no
    /// volume, no file has a digest (so only a path glob can admit the entry).
    static func refusal(_ plan: BootPlan, volume: Volume?, policy: BootPolicy) -> String? {
        guard !policy.allowLists.isEmpty else { return nil }
        var cache: [String: String?] = [:]
        func digest(_ path: String) -> String? {
            if let known = cache[path] { return known }
            var sha = SHA256Digest()
            let value: String?
            if let bytes = try? volume?.tree.read(path) {
                bytes.withUnsafeBytes { sha.update($0) }
                value = sha.finish()
            } else {
                value = nil
            }
            cache[path] = value
            return value
        }
        guard let reason = policy.refusal(kernel: plan.kernel, initrds: plan.initrds, digest: digest) else { return nil }
        return "Refused by the boot policy: \(plan.entry.fs):\(reason)."
    }
}
