import Testing
@testable import LinuxSystem

@Suite struct InRootPathTests {
    let links = ["/vmlinuz": "/boot/vmlinuz-6.1", "/boot/current": "../boot/vmlinuz-6.1",
                 "/escape": "../../../../etc/passwd", "/a": "/b", "/b": "/a"]

    func resolve(_ path: String) -> String? { InRootPath.resolve(path, readLink: { links[$0] }) }

    @Test func absoluteSymlinkStaysInsideTheRoot() {
        #expect(resolve("/vmlinuz") == "/boot/vmlinuz-6.1")
    }

    @Test func relativeSymlinkResolvesAgainstItsDirectory() {
        #expect(resolve("/boot/current") == "/boot/vmlinuz-6.1")
    }

    @Test func dotDotStopsAtTheRoot() {
        #expect(resolve("/escape") == "/etc/passwd")
        #expect(resolve("/../../boot/./grub") == "/boot/grub")
    }

    @Test func symlinkLoopGivesNil() {
        #expect(resolve("/a") == nil)
    }
}
