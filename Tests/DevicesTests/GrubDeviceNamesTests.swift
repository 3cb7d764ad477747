import Testing
@testable import Devices

@Suite struct GrubDeviceNamesTests {
    typealias Device = GrubDeviceNames.Device

    @Test func disksAreNumberedInOrderAndPartitionsCarryTheScheme() {
        let names = GrubDeviceNames.assign([
            Device(name: "nvme0n1"),
            Device(name: "nvme0n1p1", disk: "nvme0n1", scheme: "gpt", number: 1),
            Device(name: "nvme0n1p2", disk: "nvme0n1", scheme: "gpt", number: 2),
            Device(name: "vda"),
            Device(name: "vda5", disk: "vda", scheme: "dos", number: 5),
        ])
        #expect(names == ["nvme0n1": "hd0", "nvme0n1p1": "hd0,gpt1", "nvme0n1p2": "hd0,gpt2",
                          "vda": "hd1", "vda5": "hd1,msdos5"])
    }

    @Test func unpartitionedFilesystemIsTheWholeDisk() {
        #expect(GrubDeviceNames.assign([Device(name: "sr0")]) == ["sr0": "hd0"])
    }

    @Test func numberingCanStartLater() {
        let names = GrubDeviceNames.assign([Device(name: "loop0"), Device(name: "loop1", disk: "loop0", scheme: "gpt", number: 2)],
                                           firstDisk: 3)
        #expect(names["loop1"] == "hd3,gpt2")
    }

    @Test func naturalOrderComparesNumbersByValue() {
        let sorted = ["vdb", "nvme0n10", "vda", "nvme0n2", "sda"].sorted(by: GrubDeviceNames.naturalOrder)
        #expect(sorted == ["nvme0n2", "nvme0n10", "sda", "vda", "vdb"])
    }

    @Test func partitionsFollowTheirDisk() {
        let devices = BlockDevices.ordered([
            BlockDevice(name: "vdb", size: 1), BlockDevice(name: "vda2", disk: "vda", partitionNumber: 2, size: 1),
            BlockDevice(name: "vda", size: 1), BlockDevice(name: "vda10", disk: "vda", partitionNumber: 10, size: 1),
        ])
        #expect(devices.map(\.name) == ["vda", "vda2", "vda10", "vdb"])
    }

    @Test func emptyAndVirtualDevicesAreIgnored() {
        #expect(BlockDevice.isIgnored(name: "sr0", size: 0, loopBacking: nil))
        #expect(BlockDevice.isIgnored(name: "zram0", size: 1 << 30, loopBacking: nil))
        #expect(BlockDevice.isIgnored(name: "loop3", size: 1 << 20, loopBacking: nil))
        #expect(!BlockDevice.isIgnored(name: "loop3", size: 1 << 20, loopBacking: "/tmp/disk.img"))
        #expect(!BlockDevice.isIgnored(name: "vda", size: 1 << 30, loopBacking: nil))
    }

    @Test func dosPartUUIDIsDiskIdAndTwoHexDigits() {
        #expect(PartitionEntry.dosPartUUID(diskID: "5f9a3c1e", number: 1) == "5f9a3c1e-01")
        #expect(PartitionEntry.dosPartUUID(diskID: "5f9a3c1e", number: 12) == "5f9a3c1e-0c")
    }
}
