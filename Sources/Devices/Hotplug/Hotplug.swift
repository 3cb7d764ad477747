import LinuxSystem

/// Device events while the menu is open: poll `fd` for input, then `drain()`.
public final class Hotplug {
    private let socket: UEventSocket

    /// Opens the kernel's uevent netlink socket (group 1).
    public init() throws(SystemError) {
        socket = try UEventSocket()
    }

    deinit { socket.close() }

    /// The non-blocking descriptor to poll for input.
    public var fd: Int32 { socket.descriptor.rawValue }

    /// Every event waiting now (none when nothing arrived). A new device's drivers are
    /// loaded on the way, as udev would: `add` events with a `MODALIAS` load the matching
    /// modules in a worker process (the caller never waits for a driver's probe), whose
    /// devices then arrive as further events (a hot-plugged virtio-pci function brings
    /// virtio_pci, then virtio_blk, then the disk; a USB stick brings usb_storage).
    public func drain() -> [UEvent] {
        var events: [UEvent] = []
        defer {
            let aliases = events.filter { $0.action == "add" }.compactMap { $0.properties["MODALIAS"] }
            if !aliases.isEmpty { ModuleLoader.loadDetached(aliases) }
        }
        while true {
            do {
                guard let message = try socket.receive() else { return events }
                guard let event = UEvent.parse(message) else { continue }
                events.append(event)
            } catch {
                Log.error("hotplug: \(error)")
                return events
            }
        }
    }

    /// Whether an event changes the set of block devices (then rescan).
    public static func affectsBlockDevices(_ event: UEvent) -> Bool {
        event.subsystem == "block" && ["add", "remove", "change"].contains(event.action)
    }
}
