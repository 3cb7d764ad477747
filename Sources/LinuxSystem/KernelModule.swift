#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Loading kernel modules from files.
public enum KernelModule {
    /// Flags of `finit_module(2)`.
    public struct LoadFlags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let ignoreModuleVersions = LoadFlags(rawValue: 1) // MODULE_INIT_IGNORE_MODVERSIONS
        public static let ignoreVersionMagic = LoadFlags(rawValue: 2)   // MODULE_INIT_IGNORE_VERMAGIC
        /// The kernel decompresses the file itself (`.ko.xz`, `.ko.zst`, `.ko.gz`).
        public static let compressedFile = LoadFlags(rawValue: 4)       // MODULE_INIT_COMPRESSED_FILE
    }

    /// What loading a module did.
    public enum LoadResult: Sendable, Equatable {
        case loaded
        /// The module was loaded already (EEXIST), which counts as success.
        case alreadyLoaded
    }

    /// Loads the module in an open file. The corresponding C function is `finit_module`.
    public static func load(_ fd: FileDescriptor, parameters: String = "", flags: LoadFlags = [],
                            path: String? = nil, retryOnInterrupt: Bool = true) throws(SystemError) -> LoadResult {
        switch valueOrErrno(retryOnInterrupt: retryOnInterrupt, { clinux_finit_module(fd.rawValue, parameters, flags.rawValue) }) {
        case .success: return .loaded
        case .failure(let e) where e.code == EEXIST: return .alreadyLoaded
        case .failure(let e): throw SystemError(call: "finit_module", path: path, errno: e.code)
        }
    }

    /// Opens and loads a module file; compressed files (by extension) get `compressedFile`.
    public static func load(path: String, parameters: String = "") throws(SystemError) -> LoadResult {
        let fd = try FileDescriptor.open(path, .readOnly)
        defer { fd.close() }
        let compressed = path.hasSuffix(".xz") || path.hasSuffix(".zst") || path.hasSuffix(".gz")
        return try load(fd, parameters: parameters, flags: compressed ? .compressedFile : [], path: path)
    }
}
