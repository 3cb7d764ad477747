#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// EFI variables through efivarfs: one file per variable, read, written and deleted as
/// files. efivarfs may mark files immutable; a write or delete first clears that flag
/// (what `chattr -i` does).
public struct EFIVariableStore: Sendable {
    /// Where the kernel expects efivarfs.
    public static let mountPoint = "/sys/firmware/efi/efivars"

    /// The directory efivarfs is mounted on.
    public var directory: String

    public init(directory: String = EFIVariableStore.mountPoint) {
        self.directory = directory
    }

    /// Whether efivarfs is mounted on `directory`.
    public var isMounted: Bool {
        Mount.table().contains { $0.target == directory && $0.type == "efivarfs" }
    }

    /// The path of a variable's file.
    public func path(_ name: String, vendor: String = EFIVariableData.loaderVendor) -> String {
        directory + "/" + EFIVariableData.fileName(name, vendor: vendor)
    }

    /// A variable's attributes and data; nil when it is not set.
    /// The corresponding C functions are `open` and `read`.
    public func read(_ name: String, vendor: String = EFIVariableData.loaderVendor) throws(SystemError)
        -> (attributes: EFIVariableData.Attributes, data: [UInt8])? {
        let file = path(name, vendor: vendor)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(file, .readOnly)
        } catch where error.errno == ENOENT {
            return nil
        }
        defer { fd.close() }
        let bytes: [UInt8]
        do { bytes = try fd.readAll() } catch { throw SystemError(call: "read", path: file, errno: error.errno) }
        guard let parts = EFIVariableData.split(bytes) else { throw SystemError(call: "read", path: file, errno: EIO) }
        return parts
    }

    /// A variable's data as a UTF-16 string; nil when it is not set or is not a string.
    public func readString(_ name: String, vendor: String = EFIVariableData.loaderVendor) throws(SystemError) -> String? {
        guard let (_, data) = try read(name, vendor: vendor) else { return nil }
        return EFIVariableData.string(utf16: data)
    }

    /// Creates or replaces a variable, in one write of attributes and data.
    /// The corresponding C functions are `ioctl(FS_IOC_SETFLAGS)`, `open` and `write`.
    public func write(_ name: String, vendor: String = EFIVariableData.loaderVendor,
                      attributes: EFIVariableData.Attributes = .persistent, data: [UInt8]) throws(SystemError) {
        let file = path(name, vendor: vendor)
        try clearImmutable(file)
        let fd = try FileDescriptor.open(file, .writeOnly, options: [.create, .noControllingTerminal], permissions: 0o644)
        defer { fd.close() }
        do {
            try fd.writeAll(EFIVariableData.file(attributes: attributes, data: data))
        } catch {
            throw SystemError(call: "write", path: file, errno: error.errno)
        }
    }

    /// Deletes a variable; one that is not set is fine.
    /// The corresponding C functions are `ioctl(FS_IOC_SETFLAGS)` and `unlink`.
    public func delete(_ name: String, vendor: String = EFIVariableData.loaderVendor) throws(SystemError) {
        let file = path(name, vendor: vendor)
        try clearImmutable(file)
        if unlink(file) != 0 && errno != ENOENT {
            throw SystemError(call: "unlink", path: file, errno: errno)
        }
    }

    /// Clears FS_IMMUTABLE_FL on an existing file (nothing to do for a missing one).
    private func clearImmutable(_ file: String) throws(SystemError) {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(file, .readOnly, options: [.noControllingTerminal])
        } catch where error.errno == ENOENT {
            return
        }
        defer { fd.close() }
        var flags: Int32 = 0
        switch valueOrErrno(retryOnInterrupt: true, { clinux_get_inode_flags(fd.rawValue, &flags) }) {
        case .success: break
        // A filesystem without inode flags (not efivarfs) has nothing to clear.
        case .failure(let error) where error.code == ENOTTY || error.code == EOPNOTSUPP: return
        case .failure(let error): throw SystemError(call: "ioctl(FS_IOC_GETFLAGS)", path: file, errno: error.code)
        }
        let immutable = clinux_immutable_flag()
        guard flags & immutable != 0 else { return }
        _ = try valueOrErrno(retryOnInterrupt: true) { clinux_set_inode_flags(fd.rawValue, flags & ~immutable) }
            .get("ioctl(FS_IOC_SETFLAGS)", file)
    }
}
