/// Serializes records in the cpio "newc" format (magic `070701`), as the kernel's
/// initramfs unpacker reads them: a 110-byte ASCII header of 13 hex fields, the name
/// with its NUL padded to 4 bytes, then the data padded to 4 bytes.
struct NewcWriter {
    private(set) var bytes: [UInt8] = []

    /// Appends one record.
    mutating func append(_ entry: Entry, inode: UInt32, mtime: UInt32) {
        var devMajor: UInt32 = 0
        var devMinor: UInt32 = 0
        switch entry.kind {
        case .characterDevice(let major, let minor), .blockDevice(let major, let minor):
            devMajor = major
            devMinor = minor
        default:
            break
        }
        let nlink: UInt32 = entry.kind == .directory ? 2 : 1
        appendRecord(name: entry.path, inode: inode, mode: entry.mode, nlink: nlink, mtime: mtime,
                     rdevMajor: devMajor, rdevMinor: devMinor, data: entry.payload)
    }

    /// Appends the `TRAILER!!!` record that ends the archive.
    mutating func finish() {
        appendRecord(name: "TRAILER!!!", inode: 0, mode: 0, nlink: 1, mtime: 0,
                     rdevMajor: 0, rdevMinor: 0, data: [])
    }

    private mutating func appendRecord(name: String, inode: UInt32, mode: UInt32, nlink: UInt32,
                                       mtime: UInt32, rdevMajor: UInt32, rdevMinor: UInt32, data: [UInt8]) {
        let nameBytes = Array(name.utf8) + [0]
        let fields: [UInt32] = [
            inode, mode, 0 /* uid */, 0 /* gid */, nlink, mtime, UInt32(data.count),
            0, 0 /* dev major/minor of the filesystem: unused */, rdevMajor, rdevMinor,
            UInt32(nameBytes.count), 0 /* check: only for the 070702 format */,
        ]
        bytes.append(contentsOf: Array("070701".utf8))
        for field in fields { appendHex(field) }
        bytes.append(contentsOf: nameBytes)
        pad()
        bytes.append(contentsOf: data)
        pad()
    }

    private mutating func appendHex(_ value: UInt32) {
        let digits = Array("0123456789ABCDEF".utf8)
        for shift in stride(from: 28, through: 0, by: -4) {
            bytes.append(digits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }
}
