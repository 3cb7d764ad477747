import Testing
@testable import Cpio

@Suite struct LayoutTests {
    @Test func readsEveryItemKind() throws {
        let text = """
            # comment
            dir /proc 0555
            nod /dev/console 0600 c 5 1   # the console
            slink /bin/swiftboot /init

            file /etc/motd motd.txt 0644
            """
        let items = try Layout.parse(text, file: "layout")
        #expect(items == [
            .directory(path: "/proc", permissions: 0o555),
            .node(path: "/dev/console", permissions: 0o600, character: true, major: 5, minor: 1),
            .symlink(path: "/bin/swiftboot", target: "/init"),
            .file(path: "/etc/motd", source: "motd.txt", permissions: 0o644),
        ])
    }

    @Test func unknownItemNamesFileAndLine() {
        #expect(throws: LayoutError(file: "layout", line: 2,
                                    message: "unknown item 'pipe' (expected dir, nod, slink or file)")) {
            try Layout.parse("dir /x 0755\npipe /y 0644\n", file: "layout")
        }
    }

    @Test func badModeIsAnError() {
        #expect(throws: LayoutError.self) {
            try Layout.parse("dir /x 0999\n", file: "layout")
        }
    }

    @Test func wrongFieldCountIsAnError() {
        #expect(throws: LayoutError(file: "l", line: 1, message: "wrong number of fields for 'nod'")) {
            try Layout.parse("nod /dev/null 0666 c 1\n", file: "l")
        }
    }

    @Test func blockDeviceLayoutBecomesBlockNode() throws {
        var archive = Archive()
        for item in try Layout.parse("nod /dev/vda 0600 b 254 0\n", file: "l") {
            try archive.add(item) { _ in [] }
        }
        #expect(archive["dev/vda"]?.kind == .blockDevice(major: 254, minor: 0))
    }
}
