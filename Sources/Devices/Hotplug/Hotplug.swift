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
    /// loaded on the way, as udev would: an `add` event with a `MODALIAS` loads the
    /// matching modules, whose devices then arrive as further events (a hot-plugged
    /// virtio-pci function brings virtio_pci, then virtio_blk, then the disk).
    public func drain() -> [UEvent] {
        var events: [UEvent] = []
        while true {
            do {
                guard let message = try socket.receive() else { return events }
                guard let event = UEvent.parse(message) else { continue }
                events.append(event)
                if event.action == "add", let alias = event.properties["MODALIAS"] {
                    ModuleLoader.load(alias)
                }
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
