/// Recognises kernel file formats by their first bytes and unwraps compressed ones.
public enum KernelImage {
    /// What a kernel file is.
    public enum Format: Sendable, Equatable {
        /// x86 bzImage (boot sector signature and `HdrS`): passed as is.
        case bzImage
        /// A gzip stream (`Image.gz`, a gzip'd `vmlinuz` on arm64): decompressed first.
        case gzip
        /// An EFI zboot image (`MZ` + `zimg`) with the named compression.
        case zboot(compression: String)
        /// Anything else (an arm64 `Image`, a PE, an ELF): passed to the kernel, which decides.
        case other
    }

    /// Classifies a kernel by its first bytes (at least 0x210 of them for bzImage).
    public static func format(of head: [UInt8]) -> Format {
        if Inflate.isGzip(head) { return .gzip }
        if head.count >= 0x20, head[0] == 0x4D, head[1] == 0x5A, Array(head[4..<8]) == Array("zimg".utf8) {
            let name = head[0x18..<0x20].prefix { $0 != 0 }
            return .zboot(compression: String(decoding: name, as: UTF8.self))
        }
        if head.count >= 0x206, head[0x1FE] == 0x55, head[0x1FF] == 0xAA, Array(head[0x202..<0x206]) == Array("HdrS".utf8) {
            return .bzImage
        }
        return .other
    }

    /// The uncompressed kernel, or nil when the file is to be passed as is.
    public static func decompressed(_ file: [UInt8]) throws(Inflate.Failure) -> [UInt8]? {
        switch format(of: Array(file.prefix(0x210))) {
        case .gzip:
            return try Inflate.gunzip(file)
        case .zboot(let compression):
            let offset = Int(LittleEndian.load(UInt32.self, file, at: 8))
            let size = Int(LittleEndian.load(UInt32.self, file, at: 12))
            guard compression == "gzip" else {
                throw Inflate.Failure(message: "EFI zboot kernel compressed with \(compression); only gzip is supported", offset: 0x18)
            }
            guard offset + size <= file.count, size > 0 else {
                throw Inflate.Failure(message: "EFI zboot payload lies outside the file", offset: 8)
            }
            return try Inflate.gunzip(Array(file[offset..<(offset + size)]))
        case .bzImage, .other:
            return nil
        }
    }
}
