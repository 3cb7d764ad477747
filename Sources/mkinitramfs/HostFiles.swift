import Foundation

/// Reading the host's files for the image.
enum HostFiles {
    /// The bytes of `path`, following symbolic links.
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError("cannot read \(path)")
        }
        return [UInt8](data)
    }

    /// The text of `path`.
    static func text(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// Whether `path` exists (following links).
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Names listed in `path`: one a line, `#` comments, blank lines ignored.
    static func list(_ path: String) throws -> [String] {
        try text(path).split(separator: "\n").compactMap { line in
            let name = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name
        }
    }
}
