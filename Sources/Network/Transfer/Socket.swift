#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// The calling thread's errno as a `SystemError` naming `call` and `target`.
func socketError(_ call: String, _ target: String?) -> SystemError {
    SystemError(call: call, path: target, errno: Glibc.errno)
}

/// A non-blocking TCP or UDP socket; every wait goes through `poll` with a timeout.
struct Socket {
    let fd: FileDescriptor

    /// A new socket for `address`'s family. The corresponding C function is `socket`.
    static func make(for address: SocketAddress, stream: Bool) throws(SystemError) -> Socket {
        let type = (stream ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue))
            | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = Glibc.socket(address.family, type, 0)
        if fd < 0 { throw socketError("socket", address.description) }
        return Socket(fd: FileDescriptor(rawValue: fd))
    }

    func close() { fd.close() }

    /// Waits until the socket is readable (or writable); false after `timeoutMs`.
    func wait(writable: Bool = false, timeoutMs: Int) throws(SystemError) -> Bool {
        let events = try poll([(fd, writable ? .output : .input)], timeout: Int32(clamping: timeoutMs))
        return !(events.first ?? []).isEmpty
    }

    /// Connects a stream socket within `timeoutMs`. The corresponding C function is `connect`.
    func connect(_ address: SocketAddress, timeoutMs: Int) throws(TransferCause) {
        let r = address.withSockaddr { Glibc.connect(fd.rawValue, $0, $1) }
        if r == 0 { return }
        guard Glibc.errno == EINPROGRESS else { throw .system(socketError("connect", address.description)) }
        let ready: Bool
        do { ready = try wait(writable: true, timeoutMs: timeoutMs) } catch { throw .system(error) }
        guard ready else { throw .connectTimeout(seconds: timeoutMs / 1000) }
        var err: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd.rawValue, SOL_SOCKET, SO_ERROR, &err, &len)
        if err != 0 { throw .system(SystemError(call: "connect", path: address.description, errno: err)) }
    }

    /// Clears `O_NONBLOCK` (for a library that does its own waiting).
    func setBlocking() {
        let flags = fcntl(fd.rawValue, F_GETFL)
        _ = fcntl(fd.rawValue, F_SETFL, flags & ~O_NONBLOCK)
    }

    /// Reads what is there into `buffer` (0 at end of stream), nil when nothing came
    /// within `timeoutMs`. The corresponding C function is `recv`.
    func receive(into buffer: inout [UInt8], timeoutMs: Int) throws(SystemError) -> Int? {
        guard try wait(timeoutMs: timeoutMs) else { return nil }
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd.rawValue, $0.baseAddress, $0.count, 0) }
            if n >= 0 { return n }
            if Glibc.errno == EINTR { continue }
            if Glibc.errno == EAGAIN { return nil }
            throw socketError("recv", nil)
        }
    }

    /// Sends all of `bytes` on a connected socket. The corresponding C function is `send`.
    func sendAll(_ bytes: [UInt8], timeoutMs: Int) throws(TransferCause) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd.rawValue, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
            if n >= 0 { done += n; continue }
            if Glibc.errno == EINTR { continue }
            guard Glibc.errno == EAGAIN else { throw .system(socketError("send", nil)) }
            let ok: Bool
            do { ok = try wait(writable: true, timeoutMs: timeoutMs) } catch { throw .system(error) }
            if !ok { throw .readTimeout(seconds: timeoutMs / 1000) }
        }
    }

    /// Sends one datagram to `address`. The corresponding C function is `sendto`.
    func send(_ bytes: [UInt8], to address: SocketAddress) throws(SystemError) {
        let n = bytes.withUnsafeBytes { raw in
            address.withSockaddr { Glibc.sendto(fd.rawValue, raw.baseAddress, raw.count, 0, $0, $1) }
        }
        if n < 0 { throw socketError("sendto", address.description) }
    }

    /// Receives one datagram and its sender, nil when none came within `timeoutMs`.
    /// The corresponding C function is `recvfrom`.
    func receiveFrom(maxSize: Int, timeoutMs: Int) throws(SystemError) -> ([UInt8], SocketAddress)? {
        guard try wait(timeoutMs: timeoutMs) else { return nil }
        var buffer = [UInt8](repeating: 0, count: maxSize)
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.recvfrom(fd.rawValue, raw.baseAddress, raw.count, 0, $0, &len)
                }
            }
        }
        if n < 0 {
            if Glibc.errno == EAGAIN || Glibc.errno == EINTR { return nil }
            throw socketError("recvfrom", nil)
        }
        guard let from = SocketAddress(storage: storage) else { return nil }
        buffer.removeSubrange(n...)
        return (buffer, from)
    }
}
