#if canImport(Glibc)
import Glibc
#endif
import CLinux
import LinuxSystem
import NetProtocols

/// A DHCP client's UDP socket bound to one device. DHCPv4 runs on a plain UDP socket
/// (no AF_PACKET): SO_BINDTODEVICE picks the link, SO_BROADCAST lets it send to
/// 255.255.255.255 from 0.0.0.0 while the link has no address, and the BROADCAST flag in
/// every request makes servers broadcast their replies, which this socket receives.
struct UDPSocket {
    let descriptor: FileDescriptor
    let interface: String
    let scope: UInt32
    let isV6: Bool

    /// Binds 0.0.0.0:`port` (IPv4) or [::]:`port` (IPv6) on `interface`.
    /// The corresponding C calls are `socket`, `setsockopt(SO_BINDTODEVICE…)` and `bind`.
    init(interface: String, index: Int32, port: UInt16, v6: Bool) throws(SystemError) {
        let fd = v6 ? clinux_udp6_socket(interface, port) : clinux_udp4_socket(interface, port)
        if fd < 0 { throw SystemError(call: "socket+bind(udp \(port))", path: interface, errno: clinux_errno()) }
        descriptor = FileDescriptor(rawValue: fd)
        self.interface = interface
        scope = UInt32(index)
        isV6 = v6
    }

    func close() { descriptor.close() }

    /// Sends to an IPv4 address. The corresponding C function is `sendto`.
    func send(_ bytes: [UInt8], to address: DHCPv4.Address, port: UInt16) throws(SystemError) {
        let n = bytes.withUnsafeBytes { clinux_udp4_sendto(descriptor.rawValue, $0.baseAddress, $0.count, address.value, port) }
        if n < 0 { throw SystemError(call: "sendto \(address):\(port)", path: interface, errno: clinux_errno()) }
    }

    /// Sends to an IPv6 address on this link. The corresponding C function is `sendto`.
    func send(_ bytes: [UInt8], to address: DHCPv6.Address, port: UInt16) throws(SystemError) {
        let n = bytes.withUnsafeBytes { raw in
            address.bytes.withUnsafeBufferPointer { a in
                clinux_udp6_sendto(descriptor.rawValue, raw.baseAddress, raw.count, a.baseAddress, port, scope)
            }
        }
        if n < 0 { throw SystemError(call: "sendto [\(address)]:\(port)", path: interface, errno: clinux_errno()) }
    }

    /// Waits up to `timeout` milliseconds for a datagram; nil when none came.
    func receive(timeout: Int32) throws(SystemError) -> [UInt8]? {
        let ready = try poll([(descriptor, .input)], timeout: timeout)
        guard ready.first?.contains(.input) == true else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var port: UInt16 = 0
        let n: Int
        if isV6 {
            var from = [UInt8](repeating: 0, count: 16)
            n = buffer.withUnsafeMutableBytes { clinux_udp6_recvfrom(descriptor.rawValue, $0.baseAddress, $0.count, &from, &port) }
        } else {
            var from: UInt32 = 0
            n = buffer.withUnsafeMutableBytes { clinux_udp4_recvfrom(descriptor.rawValue, $0.baseAddress, $0.count, &from, &port) }
        }
        if n < 0 {
            let e = clinux_errno()
            if e == EAGAIN || e == EINTR { return nil }
            throw SystemError(call: "recvfrom", path: interface, errno: e)
        }
        return Array(buffer[..<n])
    }
}
