import Testing
@testable import BootConfig

/// Hostile configs in the formats other than syslinux (whose limits are in
/// SyslinuxLimitsTests): nesting and recursion stay bounded, the rest of the menu is kept.
@Suite("hostile configs")
struct HostileConfigTests {
    /// `[ ( ( ( … ) ) ) ]` nested 100 000 deep recursed once per parenthesis.
    @Test func grubTestParenthesesNestingIsBounded() {
        let depth = 100_000
        let condition = String(repeating: "( ", count: depth) + "a " + String(repeating: ") ", count: depth)
        let menu = GrubScan.menu(config: """
            if [ \(condition)]; then menuentry inside { linux /vmlinuz }; fi
            menuentry after { linux /vmlinuz }
            """)
        #expect(menu.entries.map(\.title) == ["after"])
        #expect(menu.errors.count == 1)
        #expect(menu.errors.first?.line == 1)
        #expect(menu.errors.first?.message == "test: parentheses nested deeper than \(GrubTest.maxNesting) levels")
    }

    /// A regexp of 100 000 nested groups recursed once per group when compiled.
    @Test func grubRegexpGroupNestingIsBounded() {
        let depth = 100_000
        let pattern = String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        let menu = GrubScan.menu(config: """
            if regexp '\(pattern)' a; then menuentry inside { linux /vmlinuz }; fi
            menuentry after { linux /vmlinuz }
            """)
        #expect(menu.entries.map(\.title) == ["after"])
        #expect(menu.errors.first?.line == 1)
        #expect(menu.errors.first?.message.hasPrefix("regexp: invalid regular expression") == true)
    }

    /// Backtracking over a long string recursed once per character (the step limit came
    /// only after 100 000 frames).
    @Test func grubRegexpOverALongStringIsBounded() {
        let text = String(repeating: "a", count: 200_000)
        let menu = GrubScan.menu(config: """
            set s=\(text)
            if regexp '(a|b)*c' "$s"; then menuentry matched { linux /vmlinuz }; fi
            if regexp '^a*$' "$s"; then menuentry long { linux /vmlinuz }; fi
            menuentry after { linux /vmlinuz }
            """)
        #expect(menu.entries.map(\.title).last == "after")
        #expect(!menu.entries.map(\.title).contains("matched"))
    }

    /// Thousands of `choose` menus in a row: each ran the rest of the script one
    /// recursion deeper.
    @Test func ipxeChooseChainIsBounded() {
        var script = "#!ipxe\n"
        for i in 0..<6_000 { script += "menu m\(i)\nitem a\(i) A\(i)\nchoose x\(i)\n" }
        script += "kernel http://10.77.0.3/vmlinuz\nboot\n"
        let (menu, _) = IPXETests.scan("http://10.77.0.3/boot.ipxe", ["http://10.77.0.3/boot.ipxe": script])
        #expect(menu.errors.contains { $0.message.contains("menus nested deeper than \(IPXEInterpreter.maxMenuDepth)") })
        #expect((menu.entries.map(\.submenu.count).max() ?? 0) <= IPXEInterpreter.maxMenuDepth)
    }
}

/// GRUB's limits multiply: blocks nested as deep as the parser allows, inside a function
/// recursing as deep as calls may, inside `source` files nested as deep as they may.
@Suite("hostile GRUB nesting")
struct HostileGrubNestingTests {
    @Test func deepBlocksInsideDeepRecursionStayOnTheStack() {
        let depth = GrubParser.maxDepth / 2 - 5
        let body = String(repeating: "if true; then\n", count: depth) + "f\n" + String(repeating: "fi\n", count: depth)
        let menu = GrubScan.menu(config: """
            function f {
            \(body)}
            f
            menuentry after { linux /vmlinuz }
            """)
        #expect(menu.entries.map(\.title) == ["after"])
        #expect(menu.errors.filter { $0.message.hasPrefix("commands nested more than \(GrubInterpreter.maxExecutionDepth) deep") }
            .count == 1)
        #expect(menu.errors.allSatisfy { $0.line != nil && $0.config == "/boot/grub/grub.cfg" && $0.volume == "disk" })
    }
}
