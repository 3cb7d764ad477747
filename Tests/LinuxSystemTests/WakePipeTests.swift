#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import Testing

@Suite("Wake pipe")
struct WakePipeTests {
    @Test func bothEndsNonBlockingAndCloseOnExec() throws {
        let pipe = try #require(WakePipe.make())
        defer { close(pipe.read); close(pipe.write) }
        for fd in [pipe.read, pipe.write] {
            #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
            #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        }
        var byte: UInt8 = 7
        #expect(write(pipe.write, &byte, 1) == 1)
        var got: UInt8 = 0
        #expect(read(pipe.read, &got, 1) == 1 && got == 7)
        // Empty: a read returns at once instead of blocking.
        #expect(read(pipe.read, &got, 1) == -1 && errno == EAGAIN)
    }
}
