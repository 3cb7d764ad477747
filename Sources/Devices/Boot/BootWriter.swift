#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem

/// Makes the disk writes booting an entry requires (`BootEntry.writes`), the way the
/// entry's own bootloader makes them: grubenv rewritten in place, BLS entries renamed.
public enum BootWriter {
    /// Applies every write in order, logging each. A failed write is logged and the rest
    /// are still tried; the first failure is thrown at the end. `loaderInfo` is what the
    /// Boot Loader Interface's `LoaderInfo` says (`swiftboot VERSION`).
    public static func apply(_ writes: [BootWrite], volumes: [Volume], loaderInfo: String) throws(SystemError) {
        var firstError: SystemError?
        for write in writes {
            do {
                switch write {
                case let .grubenv(volume, path, variables):
                    try writeGrubEnv(path, variables: variables, on: try find(volume, volumes))
                case let .renameEntry(volume, from, to):
                    try renameEntry(from, to: to, on: try find(volume, volumes))
                case let .loaderVariables(record):
                    try LoaderVariableStore.record(record, info: loaderInfo)
                }
            } catch {
                Log.error("boot write failed: \(error)")
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
    }

    private static func find(_ name: String, _ volumes: [Volume]) throws(SystemError) -> Volume {
        guard let volume = volumes.first(where: { $0.name == name }) else {
            throw SystemError(call: "find volume", path: name, errno: ENOENT)
        }
        return volume
    }

    /// The block with the variables set; nil when it already holds them. Throws when
    /// `current` is not a `size`-byte environment block or the values do not fit.
    private static func updatedBlock(_ current: [UInt8], size: Int, _ variables: [(String, String?)],
                                     place: String) throws(SystemError) -> [UInt8]? {
        guard current.count == size, let updated = GrubEnvBlock.updated(current, setting: variables) else {
            Log.error("grubenv \(place): not a \(size)-byte environment block, or the values do not fit")
            throw SystemError(call: "grubenv", path: place, errno: EINVAL)
        }
        if updated == current {
            Log.info("grubenv \(place): already up to date")
            return nil
        }
        return updated
    }

    /// Rewrites an environment block kept in sectors outside any file (SUSE's `env_block`
    /// in the btrfs reserved area) on the volume's device: read, update in place, write
    /// back the same sectors. No filesystem is involved, so nothing else can change.
    static func writeGrubEnvBlocks(_ list: GrubBlockList, variables: [(String, String?)], on volume: Volume) throws(SystemError) {
        let place = "\(volume.name):\(list.sectors)"
        guard let device = volume.device else {
            throw SystemError(call: "grubenv", path: "\(place) (no device)", errno: EOPNOTSUPP)
        }
        let fd = try FileDescriptor.open(device, .readWrite)
        defer { fd.close() }
        var current: [UInt8] = []
        for run in list.byteRuns {
            current += try fd.read(count: run.count, at: Int64(run.offset))
        }
        guard let updated = try updatedBlock(current, size: list.byteCount, variables, place: place) else { return }
        try BlockReadOnly.whileWritable(device) { () throws(SystemError) in
            var at = 0
            for run in list.byteRuns {
                try fd.writeAll(Array(updated[at..<at + run.count]), at: Int64(run.offset))
                at += run.count
            }
            try fd.sync()
        }
        Log.info("grubenv \(place): wrote \(BootWrite.describe(variables)) at \(device) sectors \(list.sectors)")
    }

    /// Rewrites the 1024-byte environment block at `path` in place: the file's single
    /// extent is located with FIEMAP (FIBMAP on FAT) on the read-only mount and the new
    /// bytes are written to the block device at that offset, as GRUB's `save_env` writes
    /// its sectors. The device's bytes there must equal the file's before anything is written.
    static func writeGrubEnv(_ path: String, variables: [(String, String?)], on volume: Volume) throws(SystemError) {
        if let list = GrubBlockList.parse(path) {
            try writeGrubEnvBlocks(list, variables: variables, on: volume)
            return
        }
        guard let root = volume.root, let device = volume.device else {
            throw SystemError(call: "grubenv", path: "\(volume.name):\(path) (no device)", errno: EOPNOTSUPP)
        }
        let place = "\(volume.name):\(path)"
        let kernelName = String(device.split(separator: "/").last ?? "")
        let disk = FileSystem.readLink("/sys/class/block/\(kernelName)").flatMap { link -> String? in
            let parts = link.split(separator: "/")
            return FileSystem.exists("/sys/class/block/\(kernelName)/partition") && parts.count >= 2
                ? String(parts[parts.count - 2]) : nil
        }
        if let refusal = GrubEnvPlacement.check(fsType: volume.fsType, kernelName: kernelName, diskName: disk) {
            Log.error("grubenv \(place): not written: \(refusal)")
            throw SystemError(call: "grubenv", path: place, errno: EOPNOTSUPP)
        }
        let file = try DirectoryTree(root: root).open(path)
        defer { file.close() }
        let current = try file.read(count: GrubEnvBlock.standardSize + 1, at: 0)
        guard let updated = try updatedBlock(current, size: GrubEnvBlock.standardSize, variables, place: place) else { return }
        let offset: UInt64
        let extents: [FileExtent]
        do {
            extents = try file.extents(path: place)
        } catch where error.errno == EOPNOTSUPP {
            // FAT has no FIEMAP; its block map (FIBMAP) gives the same answer.
            extents = try file.extentsByBlockMap(covering: current.count, path: place)
        }
        switch GrubEnvPlacement.deviceOffset(extents: extents, size: current.count) {
        case .success(let o): offset = o
        case .failure(let refusal):
            Log.error("grubenv \(place): not written: \(refusal)")
            throw SystemError(call: "grubenv", path: place, errno: EOPNOTSUPP)
        }
        let blockDevice = try FileDescriptor.open(device, .readWrite)
        defer { blockDevice.close() }
        // The device must hold exactly the bytes the file shows, or the offset is wrong.
        let onDisk = try blockDevice.read(count: current.count, at: Int64(offset))
        guard onDisk == current else {
            Log.error("grubenv \(place): bytes at \(device) offset \(offset) differ from the file; not written")
            throw SystemError(call: "grubenv", path: place, errno: EIO)
        }
        try BlockReadOnly.whileWritable(device) { () throws(SystemError) in
            try blockDevice.writeAll(updated, at: Int64(offset))
            try blockDevice.sync()
        }
        // The mount still caches the old file pages: drop them so reads see the new block.
        try? file.dropCachedPages()
        if (try? file.read(count: current.count, at: 0)) != updated {
            try? FileSystem.writeText("1", to: "/proc/sys/vm/drop_caches")
        }
        let names = BootWrite.describe(variables)
        Log.info("grubenv \(place): wrote \(names) at \(device) offset \(offset)")
    }

    /// Renames a file (a BLS entry counting a boot attempt): the filesystem is remounted
    /// read-write just for the rename, the directory is synced, then it is read-only again.
    static func renameEntry(_ from: String, to: String, on volume: Volume) throws(SystemError) {
        guard let root = volume.root, let device = volume.device, let fsType = volume.fsType,
              let choice = MountChoice.attempts(for: fsType).first else {
            throw SystemError(call: "rename", path: "\(volume.name):\(from) (no device)", errno: EOPNOTSUPP)
        }
        let tree = DirectoryTree(root: root)
        let source = tree.hostPath(from)
        let target = tree.hostPath(to)
        guard tree.kind(from) == .file, FileSystem.readLink(source) == nil else {
            throw SystemError(call: "rename", path: "\(volume.name):\(from)", errno: ENOENT)
        }
        if fsType == "ext3" || fsType == "ext4" {
            // Mounted `noload`: a journal still waiting for replay must not be written over.
            let fd = try FileDescriptor.open(device, .readOnly)
            let superblock = try fd.read(count: ExtJournalState.superblockBytes, at: Int64(ExtJournalState.superblockOffset))
            fd.close()
            if ExtJournalState.needsRecovery(superblock: superblock) != false {
                Log.error("rename \(volume.name):\(from): \(device) has a journal to replay; not remounting it read-write")
                throw SystemError(call: "rename", path: "\(volume.name):\(from)", errno: EROFS)
            }
        }
        try BlockReadOnly.whileWritable(device) { () throws(SystemError) in
            try renameReadWrite(source: source, target: target, from: from, to: to, on: volume, choice: choice)
        }
    }

    /// The rename itself, between a read-write and a read-only remount.
    private static func renameReadWrite(source: String, target: String, from: String, to: String, on volume: Volume,
                                        choice: MountChoice) throws(SystemError) {
        guard let root = volume.root, let device = volume.device else { return }
        let readWriteFlags = choice.flags.subtracting(.readOnly).union(.remount)
        try Mount.mount(device, on: root, type: nil, flags: readWriteFlags, options: nil)
        Log.info("remounted \(device) on \(root) read-write")
        var failure: SystemError?
        do {
            try FileSystem.rename(source, to: target)
            let parent = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
            try FileSystem.syncDirectory(parent.isEmpty ? "/" : parent)
            Log.info("renamed \(volume.name):\(from) to \(to)")
        } catch {
            failure = error
        }
        do {
            try Mount.mount(device, on: root, type: nil, flags: choice.flags.union(.remount), options: nil)
            Log.info("remounted \(device) on \(root) read-only")
        } catch {
            Log.error("remount \(root) read-only: \(error)")
            if failure == nil { failure = error }
        }
        if let failure { throw failure }
    }
}
