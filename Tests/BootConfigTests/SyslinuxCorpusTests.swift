import BootConfig
import Foundation
import Testing

/// Real configs: the fixture trees in tests/fixtures/syslinux, the syslinux cases of
/// the shared corpus, and Debian's netboot tree (scripts/gen-di-netboot).
@Suite("syslinux real configs")
struct SyslinuxCorpusTests {
    static let fixtureCases = SysblsFixtures.cases(in: SysblsFixtures.fixtures("syslinux"), holding: "expected.json")

    @Test(arguments: fixtureCases)
    func fixture(_ name: String) throws {
        let c = try SysblsFixtures.loadCase(SysblsFixtures.fixtures("syslinux").appendingPathComponent(name), file: "expected.json")
        let menu = Scanner.scan(c.context)
        #expect(SysblsFixtures.differences(menu, c, exactCmdline: true) == [])
    }

    static let corpusCases: [String] = SysblsFixtures.sharedCorpus.map {
        SysblsFixtures.cases(in: $0, holding: "case.json").filter { $0.contains("syslinux") || $0.contains("isolinux") }
    } ?? []

    @Test(arguments: corpusCases)
    func corpus(_ name: String) throws {
        let dir = try #require(SysblsFixtures.sharedCorpus).appendingPathComponent(name)
        let c = try SysblsFixtures.loadCase(dir, file: "case.json")
        #expect(SysblsFixtures.differences(Scanner.scan(c.context), c, exactCmdline: false) == [])
    }

    /// The images directory of debian-installer-12-netboot-amd64, fetched and unpacked
    /// by scripts/gen-di-netboot (run here when the cache is empty and apt-get exists).
    /// A static `let` runs the script once, however many tests run in parallel.
    static let netbootImagesResult: Result<URL, NetbootError> = {
        let script = SysblsFixtures.repoRoot.appendingPathComponent("scripts/gen-di-netboot")
        let process = Process()
        process.executableURL = script
        let out = Pipe()
        process.standardOutput = out
        do { try process.run() } catch { return .failure(NetbootError(message: "\(error)")) }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return .failure(NetbootError(message: "scripts/gen-di-netboot failed")) }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(URL(fileURLWithPath: path))
    }()

    struct NetbootError: Error { var message: String }

    static func netbootImages() throws -> URL { try netbootImagesResult.get() }

    static var netbootAvailable: Bool {
        FileManager.default.fileExists(atPath: SysblsFixtures.repoRoot.appendingPathComponent("cache/di-netboot/.done").path)
            || FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get")
    }

    /// What syslinux 6's menu shows for the netboot tree, derived by hand from its files:
    /// `default …/vesamenu.c32` (menu module, no UI), top-level menu first, nested
    /// MENU BEGIN blocks, `menu exit` and `config` labels left out.
    static let netbootText: [(submenu: [String], title: String)] = [
        ([], "Install"),
        (["Advanced options"], "Expert install"),
        (["Advanced options"], "Rescue mode"),
        (["Advanced options"], "Automated install"),
        (["Accessible dark contrast installer menu"], "Install"),
        (["Accessible dark contrast installer menu", "Advanced options"], "Expert install"),
        (["Accessible dark contrast installer menu", "Advanced options"], "Rescue mode"),
        (["Accessible dark contrast installer menu", "Advanced options"], "Automated install"),
    ]

    @Test(.enabled(if: netbootAvailable))
    func debianNetbootTextTree() throws {
        let tree = SysblsFixtures.loadTree(try Self.netbootImages().appendingPathComponent("text"))
        let volume = Volume(name: "tftp", tree: tree, grubDevice: "hd0")
        let menu = try #require(SyslinuxSource.scan(volume: volume, context: ScanContext(volumes: [volume])))
        let shown: [String] = menu.entries.map { ($0.submenu + [$0.title]).joined(separator: " > ") }
        let expected: [String] = Self.netbootText.map { ($0.submenu + [$0.title]).joined(separator: " > ") }
        #expect(shown == expected)
        #expect(menu.entries.first(where: \.isDefault)?.title == "Install")
        #expect(menu.timeout == nil)
        for entry in menu.entries {
            #expect(entry.kernel == "/debian-installer/amd64/linux")
            #expect(entry.initrds == ["/debian-installer/amd64/initrd.gz"])
            #expect(tree.isFile(entry.kernel))
        }
        // The text images leave out the gtk and speech menus that menu.cfg includes.
        #expect(menu.errors.count == 10)
        #expect(menu.errors.allSatisfy { $0.config == "/debian-installer/amd64/boot-screens/menu.cfg" && $0.line != nil })
    }

    @Test(.enabled(if: netbootAvailable))
    func debianNetbootSpeechTreeBootsSpeechOnTimeout() throws {
        let tree = SysblsFixtures.loadTree(try Self.netbootImages().appendingPathComponent("gtk"))
        let volume = Volume(name: "tftp", tree: tree, grubDevice: "hd0")
        let menu = try #require(SyslinuxSource.scan(volume: volume, context: ScanContext(volumes: [volume])))
        // spk.cfg: `timeout 300` and an ONTIMEOUT command line equal to the speech label.
        #expect(menu.timeout == 30)
        #expect(menu.entries.first(where: \.isDefault)?.title == "Install with speech synthesis")
        #expect(menu.entries.count == 12)
        #expect(menu.entries.filter { $0.submenu == ["Advanced options", "Speech-enabled advanced options"] }.count == 3)
    }
}
