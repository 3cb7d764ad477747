#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import Kexec
import LinuxSystem
import NetProtocols
import Network
import Synchronization

/// Network/Transfer as the config formats' `RemoteFileFetcher` and the loader's source of
/// memory files: every download (TFTP, HTTP, HTTPS) goes into a memfd, never the tmpfs.
final class NetbootTransport: RemoteFileFetcher, @unchecked Sendable {
    /// Limits and the CA bundle every download uses.
    private let base: TransferOptions
    /// Progress and cancel hooks for the downloads of a boot (set by the menu around one).
    private let hooks = Mutex<Hooks>(Hooks())

    struct Hooks: @unchecked Sendable {
        var progress: ((String, TransferProgress) -> Void)?
        var isCancelled: () -> Bool = { false }
    }

    init(options: TransferOptions) {
        base = options
    }

    /// The resolver every download shares; each lease adds its DNS servers and domain.
    var resolver: Resolver? { base.resolver }

    /// Transfer options for netboot: `swiftboot.ca=FILE` (with the default bundle after it
    /// when both exist, in one file under /run), else the default bundle.
    static func options(caParameter: String?, runDirectory: String = "/run/swiftboot") -> TransferOptions {
        var options = TransferOptions()
        options.resolver = Resolver()
        guard let ca = caParameter, !ca.isEmpty else { return options }
        guard FileSystem.exists(TransferOptions.defaultCAFile), ca != TransferOptions.defaultCAFile else {
            options.caFile = ca
            return options
        }
        do {
            let merged = runDirectory + "/ca-bundle.pem"
            try FileSystem.makeDirectory(runDirectory)
            let text = try FileSystem.readText(ca) + "\n" + (try FileSystem.readText(TransferOptions.defaultCAFile))
            try FileSystem.writeText(text, to: merged)
            options.caFile = merged
        } catch {
            Log.error("net: swiftboot.ca=\(ca) with \(TransferOptions.defaultCAFile): \(error); using \(ca) alone")
            options.caFile = ca
        }
        return options
    }

    /// Runs `body` with `progress` called for every download it makes and `isCancelled`
    /// polled by them.
    func withHooks<T>(progress: @escaping (String, TransferProgress) -> Void, isCancelled: @escaping () -> Bool,
                      _ body: () throws(KexecError) -> T) throws(KexecError) -> T {
        hooks.withLock { $0 = Hooks(progress: progress, isCancelled: isCancelled) }
        defer { hooks.withLock { $0 = Hooks() } }
        return try body()
    }

    /// Downloads `url` into a fresh memory file.
    func download(_ url: String) throws(TransferError) -> FileDescriptor {
        var options = base
        let h = hooks.withLock { $0 }
        if let progress = h.progress { options.progress = { progress(url, $0) } }
        options.isCancelled = h.isCancelled
        let fd: FileDescriptor
        do { fd = try .memoryFile(name: "swiftboot-net") } catch {
            throw TransferError(url: url, cause: .system(error))
        }
        do {
            _ = try Download.fetch(url, into: fd, options: options)
        } catch {
            fd.close()
            throw error
        }
        return fd
    }

    func fetch(_ url: String) throws(RemoteFetchError) -> [UInt8] {
        do {
            let fd = try download(url)
            defer { fd.close() }
            let size = try fd.status().st_size
            return try fd.read(count: Int(size), at: 0)
        } catch let error as TransferError {
            throw RemoteFetchError(url: url, reason: error.cause.description, notFound: Self.isNotFound(error.cause))
        } catch {
            throw RemoteFetchError(url: url, reason: "\(error)", notFound: false)
        }
    }

    /// TFTP error 1 (file not found) and HTTP 404/410 mean the file does not exist.
    static func isNotFound(_ cause: TransferCause) -> Bool {
        switch cause {
        case .httpStatus(let code, _): return code == 404 || code == 410
        case .tftp(.server(let code, _)): return code == 1
        default: return false
        }
    }
}

/// A server's files for the menu and the loader: config reads through `RemoteTree` (each
/// file fetched once), kernels and initrds downloaded straight into memory files. A path
/// starting with `/` is on the server; anything else is a full URL.
final class NetbootTree: DescriptorTree, @unchecked Sendable {
    let remote: RemoteTree
    let transport: NetbootTransport

    init(base: RemoteLocation, transport: NetbootTransport) {
        remote = RemoteTree(base: base, fetcher: transport)
        self.transport = transport
    }

    /// The URL a loader path stands for.
    func url(of path: String) -> String { path.containsText("://") ? path : remote.url(of: path) }

    func read(_ path: String) throws(FileTreeError) -> [UInt8] {
        guard path.containsText("://") else { return try remote.read(path) }
        do { return try transport.fetch(path) } catch { throw FileTreeError(path: path, reason: error.reason) }
    }

    func list(_ path: String) throws(FileTreeError) -> [String] { try remote.list(path) }

    func kind(_ path: String) -> FileKind? { remote.kind(path) }

    func openDescriptor(_ path: String) throws(DescriptorTreeError) -> FileDescriptor {
        let url = url(of: path)
        Log.info("net: downloading \(url)")
        do {
            return try transport.download(url)
        } catch {
            throw DescriptorTreeError(file: url, reason: error.cause.description,
                                      notFound: NetbootTransport.isNotFound(error.cause),
                                      cancelled: error.cause == .cancelled)
        }
    }

    /// The volume network entries name by `fs` (the server URL, `tftp://10.0.0.1`).
    static func volume(base: RemoteLocation, transport: NetbootTransport) -> Volume {
        Volume(name: base.base, tree: NetbootTree(base: base, transport: transport),
               fsType: base.scheme, grubDevice: "\(base.scheme),\(base.authority)")
    }
}
