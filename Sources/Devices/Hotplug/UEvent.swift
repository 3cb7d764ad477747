/// One kernel device event from the uevent netlink socket.
public struct UEvent: Sendable, Equatable {
    /// `add`, `remove`, `change`, `bind`, ...
    public var action: String
    /// The device's path under /sys (`/devices/pci0000:00/.../block/vda`).
    public var devpath: String
    /// All `KEY=VALUE` pairs (`SUBSYSTEM`, `DEVNAME`, `DEVTYPE`, `MODALIAS`, ...).
    public var properties: [String: String]

    public init(action: String, devpath: String, properties: [String: String]) {
        self.action = action
        self.devpath = devpath
        self.properties = properties
    }

    public var subsystem: String? { properties["SUBSYSTEM"] }
    /// The device node name under /dev (`vda1`).
    public var deviceName: String? { properties["DEVNAME"] }

    /// Parses a kernel message `ACTION@DEVPATH\0KEY=VALUE\0...`. Messages from udev
    /// (`libudev` magic header) and malformed ones give nil.
    public static func parse(_ bytes: [UInt8]) -> UEvent? {
        let fields = bytes.split(separator: 0, omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        guard let header = fields.first, let at = header.firstIndex(of: "@") else { return nil }
        var properties: [String: String] = [:]
        for field in fields.dropFirst() {
            guard let eq = field.firstIndex(of: "=") else { continue }
            properties[String(field[..<eq])] = String(field[field.index(after: eq)...])
        }
        let action = properties["ACTION"] ?? String(header[..<at])
        let devpath = properties["DEVPATH"] ?? String(header[header.index(after: at)...])
        guard !action.isEmpty, devpath.hasPrefix("/") else { return nil }
        return UEvent(action: action, devpath: devpath, properties: properties)
    }
}
