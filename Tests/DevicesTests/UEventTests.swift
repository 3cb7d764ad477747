import Testing
@testable import Devices

@Suite struct UEventTests {
    func message(_ parts: [String]) -> [UInt8] { parts.flatMap { Array($0.utf8) + [0] } }

    @Test func parsesAKernelAddEvent() {
        let bytes = message(["add@/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1",
                             "ACTION=add", "DEVPATH=/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1",
                             "SUBSYSTEM=block", "DEVNAME=vda1", "DEVTYPE=partition", "PARTN=1", "SEQNUM=1234"])
        let event = UEvent.parse(bytes)
        #expect(event?.action == "add")
        #expect(event?.devpath == "/devices/pci0000:00/0000:00:04.0/virtio1/block/vda/vda1")
        #expect(event?.subsystem == "block")
        #expect(event?.deviceName == "vda1")
        #expect(event?.properties["PARTN"] == "1")
        #expect(event.map(Hotplug.affectsBlockDevices) == true)
    }

    @Test func headerAloneIsEnough() {
        let event = UEvent.parse(message(["remove@/devices/virtual/block/loop0"]))
        #expect(event == UEvent(action: "remove", devpath: "/devices/virtual/block/loop0", properties: [:]))
    }

    @Test func udevMessagesAreIgnored() {
        var bytes = Array("libudev".utf8) + [0, 0xfe, 0xed, 0xca, 0xfe]
        bytes += message(["ACTION=add"])
        #expect(UEvent.parse(bytes) == nil)
    }

    @Test func nonBlockEventsDoNotTriggerRescan() {
        let event = UEvent.parse(message(["add@/devices/platform/serial8250", "SUBSYSTEM=platform"]))!
        #expect(!Hotplug.affectsBlockDevices(event))
    }
}
