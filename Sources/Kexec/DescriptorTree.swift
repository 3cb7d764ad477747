import BootConfig
import LinuxSystem

/// A file tree whose files the loader gets as open file descriptors — memory files a
/// network transfer wrote — instead of reading them through the mount or as bytes.
public protocol DescriptorTree: FileTree {
    /// Opens the file at `path` (a tree path, or a full URL where the tree allows one)
    /// as a readable descriptor positioned anywhere: the loader reads at offsets.
    /// The caller closes it.
    func openDescriptor(_ path: String) throws(DescriptorTreeError) -> FileDescriptor
}

/// Why a `DescriptorTree` file could not be opened.
public struct DescriptorTreeError: Error, Sendable, CustomStringConvertible {
    /// How the file is named in messages (its URL).
    public var file: String
    /// What went wrong, in words.
    public var reason: String
    /// Whether the file does not exist (as opposed to a failed transfer).
    public var notFound: Bool
    /// Whether the user cancelled the transfer.
    public var cancelled: Bool

    public init(file: String, reason: String, notFound: Bool = false, cancelled: Bool = false) {
        self.file = file
        self.reason = reason
        self.notFound = notFound
        self.cancelled = cancelled
    }

    public var description: String { "\(file): \(reason)" }
}
