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

    /// The bytes of a kernel module file, decompressed when it is `.ko.xz`, `.ko.zst` or
    /// `.ko.gz` (by the host's xz, zstd or gzip).
    static func readModule(_ path: String) throws -> [UInt8] {
        let tools = [".xz": "xz", ".zst": "zstd", ".gz": "gzip"]
        guard let suffix = tools.keys.first(where: { path.hasSuffix($0) }), let tool = tools[suffix] else {
            return try read(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, "-d", "-c", "-q", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ToolError("\(tool) -d \(path) failed with status \(process.terminationStatus)")
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
