import BootConfig
import Foundation
import Testing
@testable import Kexec

/// `KexecLoader.dryRun` over in-memory volumes: files are opened, checked and
/// concatenated (memfds) exactly as for a real load, without the system call.
@Suite struct LoaderDryRunTests {
    func volume(_ files: [String: [UInt8]]) -> Volume {
        Volume(name: "/dev/vda2", tree: MemoryTree(bytes: files), grubDevice: "hd0,gpt2")
    }

    func plan(kernel: String = "/boot/vmlinuz", initrds: [String] = [], cmdline: String = "root=/dev/vda2 ro") -> BootPlan {
        BootPlan(entry: BootEntry(title: "Debian", id: "debian", source: .bls, config: "/loader/entries/d.conf",
                                  configVolume: "/dev/vda2", fs: "/dev/vda2", kernel: kernel, initrds: initrds,
                                  cmdline: cmdline))
    }

    @Test func concatenatesSeveralInitrds() throws {
        let v = volume(["/boot/vmlinuz": Fixtures.bzImage(), "/boot/ucode.img": [1, 2, 3],
                        "/boot/initrd.img": [UInt8](repeating: 7, count: 10)])
        let lines = try KexecLoader.dryRun(plan(initrds: ["/boot/ucode.img", "/boot/initrd.img"]), volume: v)
        #expect(lines[0] == "kexec: kernel=/dev/vda2:/boot/vmlinuz initrds=/dev/vda2:/boot/ucode.img,/dev/vda2:/boot/initrd.img cmdline=root=/dev/vda2 ro")
        #expect(lines.contains("initrd: 2 files concatenated into a memfd (4-byte padded), 16 bytes"))
    }

    @Test func withoutInitrdPassesNoInitramfs() throws {
        let lines = try KexecLoader.dryRun(plan(), volume: volume(["/boot/vmlinuz": Fixtures.bzImage()]))
        #expect(lines.contains("initrd: none (KEXEC_FILE_NO_INITRAMFS)"))
    }

    @Test func aMissingInitrdIsNamed() {
        do {
            _ = try KexecLoader.dryRun(plan(initrds: ["/boot/initrd.img"]), volume: volume(["/boot/vmlinuz": Fixtures.bzImage()]))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .missingFile)
            #expect(error.description == "/dev/vda2:/boot/initrd.img does not exist.")
        }
    }

    @Test func aTooLongCommandLineIsCaughtBeforeTheKernel() {
        let long = String(repeating: "a", count: 2017)
        #expect(throws: KexecError.self) {
            try KexecLoader.dryRun(plan(cmdline: long), volume: volume(["/boot/vmlinuz": Fixtures.bzImage()]))
        }
        #expect(throws: Never.self) {
            try KexecLoader.dryRun(plan(cmdline: String(repeating: "a", count: 2016)), volume: volume(["/boot/vmlinuz": Fixtures.bzImage()]))
        }
    }

    @Test func aGzipKernelIsDecompressedFirst() throws {
        let gz = try InflateTests().gzip(Fixtures.bzImage())
        let lines = try KexecLoader.dryRun(plan(), volume: volume(["/boot/vmlinuz": gz]))
        #expect(lines.contains { $0.contains("(gzip, decompressed from \(gz.count) bytes), \(Fixtures.bzImage().count) bytes") })
    }

    @Test func aCorruptGzipKernelSaysSo() throws {
        var gz = try InflateTests().gzip(Fixtures.bzImage())
        gz[gz.count - 6] ^= 1
        do {
            _ = try KexecLoader.dryRun(plan(), volume: volume(["/boot/vmlinuz": gz]))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .corruptCompression)
        }
    }

    @Test func aTextFileIsNotAKernel() {
        do {
            _ = try KexecLoader.dryRun(plan(), volume: volume(["/boot/vmlinuz": Array("hello".utf8)]))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notAKernel)
            #expect(error.description.hasPrefix("/dev/vda2:/boot/vmlinuz is not a kernel"))
        }
    }

    @Test func pathsCannotLeaveTheVolume() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kexec-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("boot"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Fixtures.bzImage()).write(to: dir.appendingPathComponent("boot/vmlinuz"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("boot/escape").path,
                                                   withDestinationPath: "/etc/hostname")
        let v = Volume(name: "/dev/vda2", tree: MemoryTree(), grubDevice: "hd0", root: dir.path)
        #expect(throws: Never.self) { try KexecLoader.dryRun(plan(), volume: v) }
        do {
            _ = try KexecLoader.dryRun(plan(initrds: ["/boot/escape"]), volume: v)
            Issue.record("a symlink to /etc/hostname must resolve inside the volume")
        } catch {
            #expect(error.kind == .missingFile)
        }
    }
}

@Suite struct UKILoadTests {
    @Test func bootsTheEmbeddedKernelWithItsInitrdsAndTheEditedCommandLine() throws {
        let uki = Fixtures.uki([(".linux", Fixtures.bzImage()), (".ucode", [9, 9]), (".initrd", [1, 2, 3, 4, 5]),
                                (".cmdline", Array("root=/dev/vda3\0".utf8))])
        let entry = BootEntry(title: "Fedora", id: "fedora", source: .uki, config: "/EFI/Linux/f.efi",
                              configVolume: "/dev/vda1", fs: "/dev/vda1", kernel: "/EFI/Linux/f.efi",
                              kernelFormat: .uki, cmdline: "root=/dev/vda3")
        var plan = BootPlan(entry: entry)
        plan.addResetDevices()
        let v = Volume(name: "/dev/vda1", tree: MemoryTree(bytes: ["/EFI/Linux/f.efi": uki]), grubDevice: "hd0,gpt1")
        let lines = try KexecLoader.dryRun(plan, volume: v)
        #expect(lines[0] == "kexec: kernel=/dev/vda1:/EFI/Linux/f.efi initrds=/dev/vda1:/EFI/Linux/f.efi(.ucode),/dev/vda1:/EFI/Linux/f.efi(.initrd) cmdline=root=/dev/vda3 reset_devices")
        #expect(lines.contains("kernel: /dev/vda1:/EFI/Linux/f.efi (x86 bzImage, passed as is), \(Fixtures.bzImage().count) bytes"))
        #expect(lines.contains("initrd: 2 files concatenated into a memfd (4-byte padded), 12 bytes"))
    }

    @Test func aPEWithoutLinuxSectionIsNotAKernel() {
        let uki = Fixtures.uki([(".text", [0xC3])])
        let entry = BootEntry(title: "x", id: "x", source: .uki, config: "/x.efi", configVolume: "/dev/vda1",
                              fs: "/dev/vda1", kernel: "/x.efi", kernelFormat: .uki)
        let v = Volume(name: "/dev/vda1", tree: MemoryTree(bytes: ["/x.efi": uki]), grubDevice: "hd0,gpt1")
        do {
            _ = try KexecLoader.dryRun(BootPlan(entry: entry), volume: v)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notAKernel)
            #expect(error.description.contains("no .linux section"))
        }
    }
}
