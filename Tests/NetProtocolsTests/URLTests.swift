import Testing
@testable import NetProtocols

@Suite struct URLTests {
    @Test func parsesSchemeHostPortPath() throws {
        let u = try #require(NetURL("HTTP://10.0.0.1:8080/boot/vmlinuz?x=1#frag"))
        #expect(u.scheme == "http")
        #expect(u.host == "10.0.0.1")
        #expect(u.port == 8080)
        #expect(u.path == "/boot/vmlinuz")
        #expect(u.query == "x=1")
        #expect(u.requestTarget == "/boot/vmlinuz?x=1")
        #expect(u.hostHeader == "10.0.0.1:8080")
    }

    @Test func ipv6LiteralKeepsNoBrackets() throws {
        let u = try #require(NetURL("tftp://[fd77::1]:6969/pxelinux.0"))
        #expect(u.host == "fd77::1")
        #expect(u.port == 6969)
        #expect(u.effectivePort == 6969)
        #expect(u.hostHeader == "[fd77::1]:6969")
        #expect(u.description == "tftp://[fd77::1]:6969/pxelinux.0")
        #expect(NetURL("http://[fd77::1]/")?.hostHeader == "[fd77::1]")
    }

    @Test func defaultPortsAndEmptyPath() throws {
        #expect(NetURL("https://boot.example")?.effectivePort == 443)
        #expect(NetURL("https://boot.example")?.path == "/")
        #expect(NetURL("tftp://10.0.0.1/x")?.effectivePort == 69)
        #expect(NetURL("http://h:80/")?.hostHeader == "h")
    }

    @Test(arguments: ["", "/relative", "http:/x", "http://", "http://h:99999/", "http://[fd77::1/", "http://a b/",
                      "http://h:8x/"])
    func rejectsNonAbsolute(_ text: String) {
        #expect(NetURL(text) == nil)
    }

    // RFC 3986 §5.4.1 and §5.4.2 examples, base http://a/b/c/d;p?q.
    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g/"), ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q"), ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"),
        ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"),
        ("/./g", "http://a/g"), ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."),
        (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"),
        ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("tftp://10.0.0.9/pxelinux.cfg/default", "tftp://10.0.0.9/pxelinux.cfg/default"),
    ])
    func resolvesAsRFC3986(_ ref: String, _ expected: String) throws {
        let base = try #require(NetURL("http://a/b/c/d;p?q"))
        #expect(base.resolving(ref)?.description == expected)
    }

    @Test func bootFileDirectoryIsTheBase() throws {
        let base = try #require(NetURL("tftp://10.77.0.1/boot/pxelinux.0"))
        #expect(base.resolving("pxelinux.cfg/01-52-54-00-12-34-56")?.description
                == "tftp://10.77.0.1/boot/pxelinux.cfg/01-52-54-00-12-34-56")
    }
}
