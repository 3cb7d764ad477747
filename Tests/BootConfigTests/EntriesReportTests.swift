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

    /// JSON string quoting, checked byte by byte against the escapes it must make: every
    /// character that needs one at every position of strings longer than the 8 bytes
    /// `JSON.quote` skips at a time, and bytes that only look like one (0x20, 0x21, 0x23,
    /// 0x5B, 0x5D, 0xA2, 0xDC) that must stay as they are.
    @Test func jsonQuoteEscapesAtEveryPosition() {
        func expected(_ s: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for b in s.utf8 {
                switch b {
                case 0x22: out += Array("\\\"".utf8)
                case 0x5C: out += Array("\\\\".utf8)
                case 0x0A: out += Array("\\n".utf8)
                case 0x0D: out += Array("\\r".utf8)
                case 0x09: out += Array("\\t".utf8)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
                default: out.append(b)
                }
            }
            return out + [0x22]
        }
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}"]
        let lookalikes = [" ", "!", "#", "[", "]", "¢", "ܜ"]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 23] {
            for position in 0...length {
                for c in specials + lookalikes {
                    let text = String(repeating: "a", count: position) + c + String(repeating: "b", count: length - position)
                    var out: [UInt8] = []
                    JSON.quote(text, into: &out)
                    #expect(out == expected(text), "\(text.debugDescription)")
                }
            }
        }
    }
}
