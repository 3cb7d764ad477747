#if canImport(Glibc)
import Glibc
#endif
import CLinux
import LinuxSystem
import NetProtocols

/// A NETLINK_ROUTE socket: requests to the kernel with acknowledgements, and dumps.
struct RouteSocket {
    let descriptor: FileDescriptor
    private var sequence: UInt32 = 1

    /// Opens the socket. The corresponding C calls are `socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)` and `bind`.
    init() throws(SystemError) {
        let fd = clinux_netlink_route_socket()
        if fd < 0 { throw SystemError(call: "socket(NETLINK_ROUTE)", errno: clinux_errno()) }
        descriptor = FileDescriptor(rawValue: fd)
    }

    func close() { descriptor.close() }

    mutating func nextSequence() -> UInt32 {
        sequence &+= 1
        return sequence
    }

    /// Sends a request built with `NLM_F_ACK` and waits for its acknowledgement; a
    /// negative error in it throws as `call` on `object`.
    mutating func perform(_ build: (UInt32) -> [UInt8], call: String, object: String) throws(SystemError) {
        let seq = nextSequence()
        try send(build(seq), call: call, object: object)
        while true {
            for m in try receive(call: call, object: object) where m.sequence == seq {
                if let code = m.errorCode {
                    if code != 0 { throw SystemError(call: call, path: object, errno: code) }
                    return
                }
            }
        }
    }

    /// Sends a dump request and collects every reply message up to NLMSG_DONE.
    mutating func dump(_ build: (UInt32) -> [UInt8], call: String) throws(SystemError) -> [NetlinkMessage] {
        let seq = nextSequence()
        try send(build(seq), call: call, object: "dump")
        var out: [NetlinkMessage] = []
        while true {
            for m in try receive(call: call, object: "dump") where m.sequence == seq {
                if m.type == RTNL.done { return out }
                if let code = m.errorCode {
                    if code != 0 { throw SystemError(call: call, path: "dump", errno: code) }
                    return out
                }
                out.append(m)
            }
        }
    }

    private func send(_ bytes: [UInt8], call: String, object: String) throws(SystemError) {
        let n = bytes.withUnsafeBytes { clinux_netlink_send(descriptor.rawValue, $0.baseAddress, $0.count) }
        if n < 0 { throw SystemError(call: "sendto(\(call))", path: object, errno: clinux_errno()) }
    }

    private func receive(call: String, object: String) throws(SystemError) -> [NetlinkMessage] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                let e = clinux_errno()
                if e == EINTR { continue }
                throw SystemError(call: "recv(\(call))", path: object, errno: e)
            }
            return NetlinkMessage.split(Array(buffer[..<n]))
        }
    }
}
