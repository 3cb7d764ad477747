import Foundation

/// A compression the payload kernel decompresses (CONFIG_RD_ZSTD/GZIP/XZ), done by the
/// host's own tool; all three give the same bytes for the same input.
enum Compression: String {
    case zstd, gzip, xz, none

    /// The compressor's command line, reading stdin and writing stdout.
    private var command: [String]? {
        switch self {
        case .zstd: return ["zstd", "-q", "-c", "-10", "-T1"]
        case .gzip: return ["gzip", "-n", "-9", "-c"]
        // The kernel's xz decoder wants the CRC32 check.
        case .xz: return ["xz", "-q", "-c", "--check=crc32", "-T1"]
        case .none: return nil
        }
    }

    /// Compresses `bytes` and writes the result to `path`.
    func write(_ bytes: [UInt8], to path: String) throws {
        guard let command else {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let input = Pipe()
        process.standardInput = input
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let output = FileHandle(forWritingAtPath: path) else {
            throw ToolError("cannot write \(path)")
        }
        process.standardOutput = output
        try process.run()
        // Write from another thread so a full pipe never blocks against the reader.
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
            try? input.fileHandleForWriting.close()
            written.signal()
        }
        writer.start()
        process.waitUntilExit()
        written.wait()
        try output.close()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw ToolError("\(command.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
    }
}

/// A failure while building the image; printed as `mkinitramfs: MESSAGE`, exit status 1.
struct ToolError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
