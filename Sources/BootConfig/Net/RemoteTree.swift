import Synchronization

/// Why a remote file could not be fetched.
public struct RemoteFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL asked for.
    public var url: String
    /// What went wrong, in words (`file not found`, `timed out`, `HTTP 403`...).
    public var reason: String
    /// Whether the server said the file does not exist (TFTP error 1, HTTP 404), as
    /// opposed to a transfer failure: lookup orders go on to the next name only then.
    public var notFound: Bool

    public init(url: String, reason: String, notFound: Bool) {
        self.url = url
        self.reason = reason
        self.notFound = notFound
    }

    public var description: String { "\(url): \(reason)" }
}

/// Fetches whole files by URL (`tftp://server/path`, `http://server/path`): the one
/// thing the network transport implements for the config formats.
public protocol RemoteFileFetcher: Sendable {
    /// Returns the whole file at `url`.
    func fetch(_ url: String) throws(RemoteFetchError) -> [UInt8]
}

/// A URL split into what the config formats need: `scheme://authority` and a path.
public struct RemoteLocation: Sendable, Equatable {
    /// `tftp`, `http`, `https` (lower-case).
    public var scheme: String
    /// The server, with its port when one is given (`10.0.0.1`, `[fd77::1]:8080`).
    public var authority: String
    /// The absolute, normalized path (`/boot/pxelinux.0`).
    public var path: String

    public init(scheme: String, authority: String, path: String) {
        self.scheme = scheme.lowercased()
        self.authority = authority
        self.path = Path.normalize(path)
    }

    /// Parses `scheme://authority/path`; nil when `text` is not such a URL.
    public init?(url text: String) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        guard !authority.isEmpty else { return nil }
        var path = String(rest[slash...])
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        self.init(scheme: String(scheme), authority: String(authority), path: path)
    }

    /// `scheme://authority` without a path: the root of the server's tree.
    public var base: String { "\(scheme)://\(authority)" }

    /// The whole URL.
    public var url: String { base + path }
}

/// A server's files seen as a `FileTree`: tree path `/a/b` is `base` + `/a/b`, so the
/// tree root is the server's root and config formats resolve relative names against
/// a working directory inside it (pxelinux's path prefix, GRUB's `$prefix`), as on a disk.
///
/// Neither TFTP nor plain HTTP can list a directory: `list` throws saying so, `kind`
/// answers `.file` when the file can be fetched and nil otherwise (never `.directory`).
/// Each file is fetched once; later reads (and `kind` checks) use the copy.
public final class RemoteTree: FileTree {
    /// `scheme://authority`.
    public let base: String
    private let fetcher: any RemoteFileFetcher
    private let cache = Mutex<[String: Result<[UInt8], RemoteFetchError>]>([:])

    /// A tree over the server at `base` (`tftp://10.0.0.1`; a path part is ignored).
    public init(base: RemoteLocation, fetcher: any RemoteFileFetcher) {
        self.base = base.base
        self.fetcher = fetcher
    }

    /// The URL of a tree path.
    public func url(of path: String) -> String { base + Path.normalize(path) }

    /// Fetches (once) the file at `path`, keeping the transfer error.
    public func fetch(_ path: String) -> Result<[UInt8], RemoteFetchError> {
        let url = url(of: path)
        if let known = cache.withLock({ $0[url] }) { return known }
        let result: Result<[UInt8], RemoteFetchError>
        do {
            result = .success(try fetcher.fetch(url))
        } catch {
            result = .failure(error)
        }
        cache.withLock { $0[url] = result }
        return result
    }

    public func read(_ path: String) throws(FileTreeError) -> [UInt8] {
        switch fetch(path) {
        case .success(let bytes): return bytes
        case .failure(let error): throw FileTreeError(path: path, reason: "\(error.url): \(error.reason)")
        }
    }

    public func list(_ path: String) throws(FileTreeError) -> [String] {
        throw FileTreeError(path: path, reason: "cannot list a directory on \(base): \(listingLimit)")
    }

    public func kind(_ path: String) -> FileKind? {
        if case .success = fetch(path) { return .file }
        return nil
    }

    /// Why `list` cannot work on this server.
    private var listingLimit: String {
        base.hasPrefix("tftp:") ? "TFTP has no directory listing" : "no directory listing over \(base.prefix { $0 != ":" })"
    }
}
