#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// Disk images and block devices named on the host command line (`swiftboot entries
/// disk.img`): attached to read-only loop devices with partition scanning, probed, and
/// mounted read-only under a temporary directory until `closeAll()`.
public enum HostImage {
    private static var loops: [String] = []
    private static var mounts: [String] = []
    private static var directories: [String] = []

    /// Every filesystem of `path`, the one most likely to hold boot configs first and named
    /// `path`; the others (which that config may reach with GRUB `search`) are named
    /// `path#<partition>`, e.g. `disk.img#gpt2`. GRUB disk number `index`.
    public static func open(_ path: String, index: Int) throws(SystemError) -> [Volume] {
        var volumes = try openAll(path, index: index)
        guard let best = volumes.firstIndex(where: hasBootConfig) ?? volumes.indices.first else {
            throw SystemError(call: "probe", path: "\(path): no filesystem swiftboot can mount", errno: ENOENT)
        }
        var main = volumes.remove(at: best)
        main.name = path
        for i in volumes.indices {
            let device = volumes[i].grubDevice
            let partition = device.split(separator: ",").dropFirst().first.map(String.init) ?? device
            volumes[i].name = path + "#" + partition
        }
        return [main] + volumes
    }

    /// Every mountable filesystem in `path` (the whole image, or each partition), named by
    /// their device nodes.
    public static func openAll(_ path: String, index: Int) throws(SystemError) -> [Volume] {
        var st = stat()
        guard stat(path, &st) == 0 else { throw SystemError(call: "stat", path: path, errno: errno) }
        let node: String
        if (st.st_mode & S_IFMT) == S_IFBLK {
            node = path.hasPrefix("/dev/") ? path : "/dev/" + (FileSystem.readLink(path)?.split(separator: "/").last.map(String.init) ?? path)
        } else {
            node = try LoopDevice.attach(path, readOnly: true, partitionScan: true)
            loops.append(node)
        }
        let name = String(node.split(separator: "/").last ?? "")
        var devices = waitForDevices(of: name)
        if devices.count == 1, (try? Probe.probe(node))?.tableType != nil {
            // The kernel made no partition devices (no partition table support, or a block
            // device given directly): one read-only loop device per partition instead.
            for entry in try Probe.partitions(node) {
                let loop = try LoopDevice.attach(path, readOnly: true, partitionScan: false,
                                                 offset: entry.start, size: entry.size)
                loops.append(loop)
                devices.append(BlockDevice(name: String(loop.dropFirst(5)), disk: name,
                                           partitionNumber: entry.number, size: entry.size, entry: entry))
            }
        }
        var template = Array("/tmp/swiftboot-image-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError(call: "mkdtemp", path: "/tmp", errno: errno) }
        let directory = String(cString: made)
        directories.append(directory)
        let before = Set(Mount.table().map(\.target))
        let volumes = Discovery.scan(devices, mountDirectory: directory, firstDisk: index, naming: { $0.node })
        mounts += Mount.table().map(\.target).filter { $0.hasPrefix(directory + "/") && !before.contains($0) }
        return volumes
    }

    /// Unmounts what `open` mounted, detaches its loop devices, removes its directories.
    public static func closeAll() {
        for target in mounts.reversed() {
            if (try? Mount.unmount(target)) == nil { try? Mount.unmount(target, flags: .detach) }
            try? FileSystem.removeDirectory(target)
        }
        for loop in loops.reversed() {
            do { try LoopDevice.detach(loop) } catch { Log.error("detach: \(error)") }
        }
        for directory in directories.reversed() { try? FileSystem.removeDirectory(directory) }
        mounts = []
        loops = []
        directories = []
    }

    /// The disk and its partitions, once udev/devtmpfs has created their nodes (up to 2 s).
    private static func waitForDevices(of disk: String) -> [BlockDevice] {
        var devices: [BlockDevice] = []
        for _ in 0..<40 {
            devices = BlockDevices.ordered(BlockDevices.list().filter { $0.name == disk || $0.disk == disk })
            if !devices.isEmpty && devices.allSatisfy({ FileSystem.exists($0.node) }) { break }
            usleep(50_000)
        }
        return devices
    }

    private static func hasBootConfig(_ volume: Volume) -> Bool {
        let paths = ["/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg",
                     "/boot/extlinux/extlinux.conf", "/extlinux/extlinux.conf", "/extlinux.conf",
                     "/syslinux/syslinux.cfg", "/syslinux.cfg", "/isolinux/isolinux.cfg",
                     "/boot/syslinux/syslinux.cfg", "/loader/entries", "/boot/loader/entries", "/EFI/Linux"]
        return paths.contains { volume.tree.kind($0) != nil }
    }
}
