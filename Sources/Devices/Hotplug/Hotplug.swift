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

    /// Every event waiting now (none when nothing arrived).
    public func drain() -> [UEvent] {
        var events: [UEvent] = []
        while true {
            do {
                guard let message = try socket.receive() else { return events }
                if let event = UEvent.parse(message) { events.append(event) }
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
