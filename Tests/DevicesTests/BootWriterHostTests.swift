import Foundation
import Testing
import BootConfig
import LinuxSystem
@testable import Devices

/// Real writes on a real ext4 image through a loop device (root only): the grubenv block
/// rewritten in place on the block device, a BLS entry renamed through a brief rw remount,
/// both still there after the image is detached and attached again.
@Suite(.serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/mkfs.ext4")))
struct BootWriterHostTests {
    static func grubenv(_ lines: String) -> String {
        let text = "# GRUB Environment Block\n" + lines
        return text + String(repeating: "#", count: 1024 - text.utf8.count)
    }

    /// Builds an ext4 image (with a journal) holding a grubenv and a BLS entry.
    func makeImage() throws -> String {
        let dir = NSTemporaryDirectory() + "bootwriter-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/tree/boot/grub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/tree/loader/entries", withIntermediateDirectories: true)
        try Self.grubenv("saved_entry=debian\n").write(toFile: dir + "/tree/boot/grub/grubenv", atomically: true, encoding: .utf8)
        try "title Fedora\nlinux /vmlinuz\n".write(toFile: dir + "/tree/loader/entries/fedora+3.conf", atomically: true, encoding: .utf8)
        let image = dir + "/disk.img"
        FileManager.default.createFile(atPath: image, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try handle.truncate(atOffset: 32 << 20)
        try handle.close()
        let mkfs = Process()
        mkfs.executableURL = URL(fileURLWithPath: "/usr/sbin/mkfs.ext4")
        mkfs.arguments = ["-q", "-F", "-L", "BOOT", "-d", dir + "/tree", image]
        try mkfs.run()
        mkfs.waitUntilExit()
        #expect(mkfs.terminationStatus == 0)
        return image
    }

    /// Runs a tool, returning its exit status.
    func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func grubenvIsRewrittenInPlaceAndBLSEntryRenamed() throws {
        let image = try makeImage()
        let dir = (image as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // As on the machine: a writable block device, mounted read-only.
        let loop = try LoopDevice.attach(image, readOnly: false, partitionScan: false)
        let mountPoint = dir + "/mnt"
        do {
            defer { try? LoopDevice.detach(loop) }
            try Discovery.mountReadOnly(loop, fsType: "ext4", on: mountPoint)
            defer { try? Mount.unmount(mountPoint) }
            let volume = Volume(name: loop, tree: DirectoryTree(root: mountPoint), fsType: "ext4",
                                device: loop, grubDevice: "hd0", root: mountPoint)
            try BootWriter.apply([
                .grubenv(volume: loop, path: "/boot/grub/grubenv", variables: [("next_entry", "fedora")]),
                .renameEntry(volume: loop, from: "/loader/entries/fedora+3.conf", to: "/loader/entries/fedora+2-1.conf"),
            ], volumes: [volume], loaderInfo: "swiftboot test")
            // Visible through the read-only mount at once, which is read-only again.
            #expect(try volume.tree.readText("/boot/grub/grubenv") == Self.grubenv("saved_entry=debian\nnext_entry=fedora\n"))
            #expect(volume.tree.kind("/loader/entries/fedora+2-1.conf") == .file)
            #expect(volume.tree.kind("/loader/entries/fedora+3.conf") == nil)
            #expect(Mount.table().first { $0.target == mountPoint }?.options.contains("ro") == true)
        }
        // On the disk itself, and the filesystem is still consistent.
        #expect(try run("/usr/sbin/e2fsck", ["-fn", image]) == 0)
        let again = try HostImage.open(image, index: 0)[0]
        defer { HostImage.closeAll() }
        #expect(try again.tree.readText("/boot/grub/grubenv") == Self.grubenv("saved_entry=debian\nnext_entry=fedora\n"))
        #expect(try again.tree.readText("/loader/entries/fedora+2-1.conf") == "title Fedora\nlinux /vmlinuz\n")
    }

    @Test func readOnlyImageIsNeverWritten() throws {
        let image = try makeImage()
        defer { try? FileManager.default.removeItem(atPath: (image as NSString).deletingLastPathComponent) }
        let volume = try HostImage.open(image, index: 0)[0]
        defer { HostImage.closeAll() }
        #expect(throws: SystemError.self) {
            try BootWriter.apply([.grubenv(volume: image, path: "/boot/grub/grubenv", variables: [("next_entry", "x")])],
                                 volumes: [volume], loaderInfo: "swiftboot test")
        }
        #expect(try volume.tree.readText("/boot/grub/grubenv") == Self.grubenv("saved_entry=debian\n"))
    }

    @Test func mountsAreReadOnlyAndLeaveNothingBehind() throws {
        let image = try makeImage()
        defer { try? FileManager.default.removeItem(atPath: (image as NSString).deletingLastPathComponent) }
        let volume = try HostImage.open(image, index: 2)[0]
        #expect(volume.fsType == "ext4")
        #expect(volume.label == "BOOT")
        #expect(volume.grubDevice == "hd2")
        let root = try #require(volume.root)
        let entry = Mount.table().first { $0.target == root }
        #expect(entry?.options.contains("ro") == true)
        HostImage.closeAll()
        #expect(!Mount.table().contains { $0.target == root })
        #expect(!FileManager.default.fileExists(atPath: root))
    }
}
