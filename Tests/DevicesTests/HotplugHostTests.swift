import Foundation
import Testing
import LinuxSystem
@testable import Devices

/// The real uevent socket (root only): an event replayed through a device's `uevent`
/// file arrives, parsed.
@Suite(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/sys/class/block/loop0/uevent")))
struct HotplugHostTests {
    @Test func replayedEventArrivesParsed() throws {
        let hotplug = try Hotplug()
        try FileSystem.writeText("change", to: "/sys/class/block/loop0/uevent")
        var events: [UEvent] = []
        for _ in 0..<20 where !events.contains(where: { $0.devpath.hasSuffix("/loop0") }) {
            _ = try poll([(FileDescriptor(rawValue: hotplug.fd), .input)], timeout: 100)
            events += hotplug.drain()
        }
        let event = try #require(events.first { $0.devpath.hasSuffix("/loop0") })
        #expect(event.action == "change")
        #expect(event.subsystem == "block")
        #expect(event.deviceName == "loop0")
        #expect(Hotplug.affectsBlockDevices(event))
    }
}
