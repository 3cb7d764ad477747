import Foundation
import Testing
@testable import BootConfig

/// Replays every saved input of tests/fixtures/fuzz-regressions through the code its fuzz
/// target runs (fuzz/Targets/ConfigTargets.swift: the same file names, NUL bytes between
/// files). Each input once crashed or hung swiftboot; the replay must return, and the
/// menu must keep what the config has besides the hostile part.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let directory = SysblsFixtures.fixtures("fuzz-regressions")

    /// (target, file name) of every saved input of the config targets.
    static let inputs: [String] = {
        let targets = ["grub-lexer", "grub-parser", "grub", "syslinux", "extlinux-uboot", "bls", "loader-conf",
                       "grubenv", "ipxe", "uki"]
        return targets.flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(target).path)) ?? [])
                .sorted().map { target + "/" + $0 }
        }
    }()

    @Test func thereAreSavedInputs() {
        #expect(Self.inputs.count >= 5)
    }

    @Test(arguments: inputs)
    func replay(_ input: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(input)))
        let target = String(input.split(separator: "/")[0])
        guard let menu = Self.run(target, bytes) else { return }
        // Every saved config has a last entry after the hostile part.
        #expect(menu.entries.isEmpty == false, "\(input): the rest of the menu was lost")
        #expect(menu.errors.isEmpty == false, "\(input): no error names the limit")
    }

    /// Runs `bytes` as the fuzz target `target` does; the menu when the target scans one.
    static func run(_ target: String, _ bytes: [UInt8]) -> ConfigMenu? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch target {
        case "grub-lexer": _ = GrubLexer.lex(text)
        case "grub-parser": _ = GrubParser.parse(text)
        case "grub":
            let disk = volume(files(bytes, ["/boot/grub/grub.cfg", "/boot/grub/a.cfg", "/boot/grub/grubenv", "/boot/grub/b.cfg"]))
            return GrubSource.scan(volume: disk, context: ScanContext(volumes: [disk]))
        case "syslinux":
            let disk = volume(files(bytes, ["/syslinux/syslinux.cfg", "/syslinux/a.cfg", "/syslinux/b.cfg"]))
            return SyslinuxSource.scan(volume: disk, context: ScanContext(volumes: [disk], architecture: "x64"))
        case "extlinux-uboot":
            let disk = volume(files(bytes, ["/extlinux/extlinux.conf", "/extlinux/a.conf"]))
            return SyslinuxSource.scan(volume: disk, context: ScanContext(volumes: [disk], architecture: "aa64"))
        case "bls":
            let disk = volume(files(bytes, ["/loader/entries/a.conf", "/loader/entries/b-1.2.conf", "/loader/loader.conf"]))
            return BLSSource.scan(volume: disk, context: ScanContext(volumes: [disk]))
        case "loader-conf": _ = LoaderConf(text: text)
        case "grubenv": _ = GrubEnvBlock(bytes: bytes)
        case "ipxe":
            let served = files(bytes, ["http://10.77.0.2/boot.ipxe", "http://10.77.0.2/a.ipxe", "http://10.77.0.2/b.ipxe"])
            let fetcher = RecordingFetcher(served.mapValues { String(decoding: $0, as: UTF8.self) })
            let client = NetFixtures.client(bootFile: "boot.ipxe")
            let disk = volume([:])
            return IPXESource(client: client, scriptURL: "http://10.77.0.2/boot.ipxe", fetcher: fetcher)
                .scan(disk, context: ScanContext(volumes: [disk]), state: ScanState())
        case "uki":
            let disk = Volume(name: "esp", tree: MemoryTree(bytes: ["/EFI/Linux/fuzz.efi": bytes]), fsType: "vfat",
                              grubDevice: "hd0,gpt1")
            return UKISource.scan(volume: disk, context: ScanContext(volumes: [disk]))
        default: Issue.record("unknown fuzz target \(target)")
        }
        return nil
    }

    /// The fuzz targets' volume: the input's files plus kernels the configs name.
    static func volume(_ files: [String: [UInt8]]) -> Volume {
        let kernels: [String: [UInt8]] = ["/vmlinuz": [0], "/initrd.img": [0], "/boot/vmlinuz": [0], "/boot/initrd.img": [0]]
        return Volume(name: "fuzz0", tree: MemoryTree(bytes: files.merging(kernels) { a, _ in a }),
                      uuid: "1111-2222", label: "FUZZ", grubDevice: "hd0,gpt1")
    }

    /// fuzz/Targets/FuzzInput.swift's split: NUL-separated files, the last keeps the rest.
    static func files(_ bytes: [UInt8], _ names: [String]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var start = 0
        for (i, name) in names.enumerated() {
            guard start <= bytes.count else { break }
            let end = i == names.count - 1 ? bytes.count : (bytes[start...].firstIndex(of: 0) ?? bytes.count)
            files[name] = Array(bytes[start..<end])
            start = end + 1
        }
        return files
    }
}
