import Testing
@testable import Devices

@Suite struct ProbeMemoryTests {
    static func device(_ name: String, disk: String? = nil, seq: Int = 1, size: UInt64 = 4096) -> BlockDevice {
        BlockDevice(name: name, disk: disk, size: size,
                    identity: BlockDevice.identity(dev: "259:\(name.count)", diskseq: "\(seq)", size: size))
    }

    static func ext4(_ label: String) -> ProbeResult {
        var r = ProbeResult()
        r.type = "ext4"
        r.label = label
        return r
    }

    @Test func aDeviceAsBeforeIsNotProbedAgain() {
        var memory = ProbeMemory()
        memory.remember(Self.ext4("root"), for: Self.device("vda1", disk: "vda"))
        let generation = memory.generation
        #expect(memory.result(for: Self.device("vda1", disk: "vda")) == Self.ext4("root"))
        memory.keep(["vda", "vda1"])
        #expect(memory.generation == generation)
    }

    @Test func anotherMediumOrSizeIsProbedAgain() {
        var memory = ProbeMemory()
        memory.remember(Self.ext4("cd"), for: Self.device("sr0", seq: 4))
        #expect(memory.result(for: Self.device("sr0", seq: 5)) == nil)
        #expect(memory.result(for: Self.device("sr0", seq: 4, size: 8192)) == nil)
    }

    @Test func aDeviceWithoutIdentityIsAlwaysProbed() {
        var memory = ProbeMemory()
        let bare = BlockDevice(name: "vdb", size: 4096)
        let generation = memory.generation
        memory.remember(Self.ext4("x"), for: bare)
        #expect(memory.result(for: bare) == nil)
        #expect(memory.generation != generation)
    }

    @Test func anEventForgetsTheDiskAndItsPartitions() {
        var memory = ProbeMemory()
        memory.remember(ProbeResult(), for: Self.device("vda"))
        memory.remember(Self.ext4("a"), for: Self.device("vda1", disk: "vda"))
        memory.remember(Self.ext4("b"), for: Self.device("vdb1", disk: "vdb"))
        let generation = memory.generation
        memory.forget(["vda"])
        #expect(memory.result(for: Self.device("vda")) == nil)
        #expect(memory.result(for: Self.device("vda1", disk: "vda")) == nil)
        #expect(memory.result(for: Self.device("vdb1", disk: "vdb")) == Self.ext4("b"))
        #expect(memory.generation != generation)
    }

    @Test func vanishedDevicesAreDropped() {
        var memory = ProbeMemory()
        memory.remember(Self.ext4("a"), for: Self.device("vda1", disk: "vda"))
        memory.keep([])
        #expect(memory.count == 0)
    }

    @Test func aFailedProbeIsRememberedUntilTheDeviceChanges() {
        var memory = ProbeMemory()
        memory.rememberFailure("blkid_do_safeprobe /dev/nvme1n1: Input/output error", for: Self.device("nvme1n1", seq: 3))
        #expect(memory.failure(for: Self.device("nvme1n1", seq: 3)) == "blkid_do_safeprobe /dev/nvme1n1: Input/output error")
        #expect(memory.failure(for: Self.device("nvme1n1", seq: 4)) == nil)
        memory.forget(["nvme1n1"])
        #expect(memory.failure(for: Self.device("nvme1n1", seq: 3)) == nil)
    }

    @Test func aFailureWithoutIdentityIsNotRemembered() {
        var memory = ProbeMemory()
        let bare = BlockDevice(name: "sr0", size: 0)
        memory.rememberFailure("No medium found", for: bare)
        #expect(memory.failure(for: bare) == nil)
    }
}
