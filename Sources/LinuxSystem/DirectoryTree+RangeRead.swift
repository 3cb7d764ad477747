#if canImport(Glibc)
import Glibc
#endif
import BootConfig

/// Partial reads, so the UKI source reads a unified kernel image's headers and small
/// sections without reading the whole (tens of megabytes) file.
extension DirectoryTree: RangeReadableFileTree {
    public func size(_ path: String) throws(FileTreeError) -> Int {
        do {
            let fd = try open(path)
            defer { fd.close() }
            let st = try fd.status()
            guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileTreeError(path: path, reason: "not a regular file") }
            return Int(st.st_size)
        } catch let error as SystemError {
            throw FileTreeError(path: path, reason: error.reason)
        } catch let error as FileTreeError {
            throw error
        } catch {
            throw FileTreeError(path: path, reason: "\(error)")
        }
    }

    public func read(_ path: String, offset: Int, count: Int) throws(FileTreeError) -> [UInt8] {
        guard offset >= 0, count >= 0 else { throw FileTreeError(path: path, reason: "bad range") }
        do {
            let fd = try open(path)
            defer { fd.close() }
            return try fd.read(count: count, at: Int64(offset))
        } catch {
            throw FileTreeError(path: path, reason: error.reason)
        }
    }
}
