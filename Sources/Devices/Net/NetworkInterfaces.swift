import LinuxSystem

/// The network interfaces the kernel has after coldplug, as `/sys/class/net` lists them.
public enum NetworkInterfaces {
    /// Every interface but loopback as "NAME MAC DRIVER" (the driver bound to its device,
    /// "virtual" when it has none), sorted by name.
    public static func present() -> [String] {
        guard let names = try? FileSystem.list("/sys/class/net") else { return [] }
        return names.filter { $0 != "lo" }.map { name in
            let base = "/sys/class/net/" + name
            let address = (try? FileSystem.readText(base + "/address"))?.split(separator: "\n").first.map(String.init) ?? "?"
            let driver = FileSystem.readLink(base + "/device/driver")?.split(separator: "/").last.map(String.init) ?? "virtual"
            return "\(name) \(address) \(driver)"
        }
    }

    /// Logs `present()` in one debug line (`swiftboot.debug`).
    public static func logPresent() {
        let found = present()
        Log.debug("net: \(found.count) interface(s) after coldplug\(found.isEmpty ? "" : ": " + found.joined(separator: ", "))")
    }
}
