import BootConfig
import Testing

/// Hostile syslinux configs: nesting and chains stay bounded, the error names the
/// device, file and line, and the rest of the menu is kept.
@Suite("syslinux limits")
struct SyslinuxLimitsTests {
    private func scan(_ files: [String: String]) -> ConfigMenu? {
        let volume = Volume(name: "sda1", tree: MemoryTree(files), grubDevice: "hd0")
        return SyslinuxSource.scan(volume: volume, context: ScanContext(volumes: [volume], architecture: "x64"))
    }

    /// 20 000 nested MENU BEGINs (260 KB of text) crashed the menu build with a
    /// stack overflow (SIGSEGV) before the nesting limit.
    @Test func deepMenuBeginNestingIsCutAtTheLimit() {
        let depth = 20_000
        var text = "UI menu.c32\nLABEL first\n LINUX /first\n"
        text += String(repeating: "MENU BEGIN x\n", count: depth)
        text += "LABEL deep\n LINUX /deep\n"
        text += String(repeating: "MENU END\n", count: depth)
        text += "LABEL last\n LINUX /last\n"
        let menu = scan(["/syslinux/syslinux.cfg": text])
        #expect(menu?.entries.map(\.title) == ["first", "deep", "last"])
        let limit = SyslinuxSource.maxMenuDepth
        #expect(menu?.entries[1].submenu.count == limit)
        #expect(menu?.entries[2].submenu == [])
        let errors = menu?.errors ?? []
        #expect(errors.count == 1)
        #expect(errors.first?.volume == "sda1")
        #expect(errors.first?.config == "/syslinux/syslinux.cfg")
        #expect(errors.first?.line == 4 + limit)
        #expect(errors.first?.message.contains("MENU BEGIN nested deeper than \(limit) levels") == true)
    }

    /// MENU INCLUDE with a tag opens a submenu too: a file including itself with a tag
    /// nests menus through the include limit, inside the menu limit.
    @Test func menuIncludeNestingCountsTowardsBothLimits() {
        let text = String(repeating: "MENU BEGIN m\n", count: SyslinuxSource.maxMenuDepth - 2)
            + "LABEL a\n LINUX /a\nMENU INCLUDE syslinux.cfg tag\n"
        let menu = scan(["/syslinux/syslinux.cfg": "UI menu.c32\n" + text])
        let errors = menu?.errors ?? []
        #expect(errors.contains { $0.message.contains("MENU BEGIN nested deeper") || $0.message.contains("MENU INCLUDE nested deeper") })
        #expect(menu?.entries.isEmpty == false)
        #expect((menu?.entries.map(\.submenu.count).max() ?? 0) <= SyslinuxSource.maxMenuDepth)
    }

    /// A MENU END without MENU BEGIN is ignored, as syslinux ignores it.
    @Test func unbalancedMenuEndKeepsTheRootMenu() {
        let menu = scan(["/syslinux/syslinux.cfg": "UI menu.c32\n" + String(repeating: "MENU END\n", count: 1000)
            + "LABEL a\n LINUX /a\n"])
        #expect(menu?.entries.map(\.submenu) == [[]])
    }
}
