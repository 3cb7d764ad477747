@testable import BootConfig
import Testing

/// `EntriesReport.jsonBytes` writes the same bytes as rendering the report as a `JSON` tree
/// (`EntriesReportTree`).
@Suite("Entries report bytes")
struct EntriesReportTests {
    private func entry(_ title: String, submenu: [String] = [], initrds: [String] = [],
                       devicetree: String? = nil, isDefault: Bool = false) -> BootEntry {
        BootEntry(title: title, id: "id-\(title)", source: .grub, config: "/boot/grub/grub.cfg", line: 3,
                  configVolume: "sda2", fs: "sda2", submenu: submenu, kernel: "/boot/vmlinuz",
                  initrds: initrds, cmdline: "root=/dev/sda2 quiet \"a b\"", devicetree: devicetree,
                  isDefault: isDefault)
    }

    @Test func sameBytesAsTheJSONTree() {
        let menu = ConfigMenu(
            entries: [
                entry("Debian \"12\" \\ tab\there é🐧", submenu: ["Advanced", "Older\nkernels"],
                      initrds: ["/boot/ucode.img", "/boot/initrd.img"], devicetree: "/boot/dtb", isDefault: true),
                entry("Plain"),
            ],
            timeout: 5,
            errors: [ConfigError(volume: "sda2", config: "/boot/grub/grub.cfg", line: 7, message: "search: no such device: x"),
                     ConfigError(volume: "sda1", config: "/EFI/x/grub.cfg", line: nil, message: "ctl \u{1}")])
        #expect(EntriesReport.jsonBytes(menu) == Array(EntriesReportTree.tree(menu).rendered().utf8))
    }

    @Test func emptyMenuSameBytes() {
        let menu = ConfigMenu()
        #expect(EntriesReport.jsonBytes(menu) == Array(EntriesReportTree.tree(menu).rendered().utf8))
        #expect(String(decoding: EntriesReport.jsonBytes(menu), as: UTF8.self)
                == "{\n  \"entries\": [],\n  \"timeout\": null,\n  \"errors\": []\n}")
    }

    @Test func kernelArgumentQuotedIntoBytes() {
        for argument in ["ro", "a b", #"it's"#, #"x\"y"#, "tab\tin", "", "é 🐧"] {
            var out: [UInt8] = [0x41]
            GrubMenuEvaluator.quote(argument, into: &out)
            #expect(out == [0x41] + Array(GrubMenuEvaluator.quote(argument).utf8))
        }
    }
}
