/// The digest of an initramfs's regular files, stored in the image at `ContentDigest.path`
/// so a booted system can check that it runs exactly the image that was built.
///
/// Definition (docs/initramfs.md): SHA-256 over, for each regular file in ascending
/// byte order of its path (no leading `/`), excluding `etc/swiftboot/digest` itself:
/// the path's UTF-8 bytes, one 0x00 byte, the file size as 8 bytes little-endian, then
/// the contents. The stored file is `sha256:` + 64 lowercase hex digits + `\n`.
public enum ContentDigest {
    /// Where the digest file lives inside the image (no leading `/`).
    public static let path = "etc/swiftboot/digest"

    /// The digest line (`sha256:<hex>\n`) of these files; order and leading `/` don't matter.
    public static func line(files: [(path: String, contents: [UInt8])]) -> String {
        "sha256:" + hex(files: files) + "\n"
    }

    /// The 64 hex digits of the digest of these files.
    public static func hex(files: [(path: String, contents: [UInt8])]) -> String {
        let normalized = files
            .map { (path: Entry.normalize($0.path), contents: $0.contents) }
            .filter { $0.path != path }
            .sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var hasher = SHA256()
        for file in normalized {
            hasher.update(Array(file.path.utf8))
            hasher.update([0])
            let size = UInt64(file.contents.count)
            hasher.update((0..<8).map { UInt8(truncatingIfNeeded: size >> UInt64(8 * $0)) })
            hasher.update(file.contents)
        }
        return SHA256.hexString(hasher.finalize())
    }
}

extension Archive {
    /// Adds `etc/swiftboot/digest` holding the `ContentDigest` of the files added so far.
    public mutating func addContentDigest() throws(ArchiveError) {
        let line = ContentDigest.line(files: files)
        try addFile(ContentDigest.path, contents: Array(line.utf8), permissions: 0o444)
    }
}
