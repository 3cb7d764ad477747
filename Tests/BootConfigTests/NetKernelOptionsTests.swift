import BootConfig
import Testing

@Suite struct NetKernelOptionsTests {
    @Test func netboot_parameters() {
        let o = KernelOptions.parse("swiftboot.net=eth0,eth1 swiftboot.net.timeout=4 swiftboot.autoboot=net,disk swiftboot.ca=/etc/ca.pem")
        #expect(o.net == .interfaces(["eth0", "eth1"]))
        #expect(o.netTimeout == 4)
        #expect(o.autoboot == [.net, .disk])
        #expect(o.ca == "/etc/ca.pem")
        #expect(o.unknown.isEmpty)
    }

    @Test func defaultsAndUnknownValues() {
        let d = KernelOptions.parse("quiet")
        #expect(d.net == .auto)
        #expect(d.netTimeout == 10)
        #expect(d.autoboot == nil)
        let off = KernelOptions.parse("swiftboot.net=off")
        #expect(off.net == .off)
        let bad = KernelOptions.parse("swiftboot.autoboot=cloud swiftboot.net.timeout=soon swiftboot.net=")
        #expect(bad.unknown == ["swiftboot.autoboot=cloud", "swiftboot.net.timeout=soon", "swiftboot.net="])
        #expect(bad.autoboot == nil)
        #expect(bad.netTimeout == 10)
    }
}
