/// A file tree that can read part of a file. UKIs are tens of megabytes; the menu needs
/// only their headers and a few small sections, so sources read those parts alone when
/// the tree can.
public protocol RangeReadableFileTree: FileTree {
    /// The size in bytes of the regular file at `path`.
    func size(_ path: String) throws(FileTreeError) -> Int
    /// Up to `count` bytes of the file at `path` from `offset` (fewer at its end).
    func read(_ path: String, offset: Int, count: Int) throws(FileTreeError) -> [UInt8]
}

extension MemoryTree: RangeReadableFileTree {
    public func size(_ path: String) throws(FileTreeError) -> Int {
        try read(path).count
    }

    public func read(_ path: String, offset: Int, count: Int) throws(FileTreeError) -> [UInt8] {
        let data = try read(path)
        guard offset >= 0, count >= 0, offset < data.count else { return [] }
        return Array(data[offset..<min(data.count, offset + count)])
    }
}
