// mkinitramfs: the host tool that writes build/initramfs.img (see docs/initramfs.md).
import Foundation

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("mkinitramfs: \(message)\n".utf8))
    exit(status)
}

// A compressor that dies must give an error, not kill this process with SIGPIPE.
signal(SIGPIPE, SIG_IGN)

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data((Options.usage + "\n").utf8))
    fail(error.message, status: 2)
}

do {
    var staging = Staging(options: options)
    let bytes = try staging.build()
    try options.compression.write(bytes, to: options.output!)
    for note in staging.notes {
        FileHandle.standardError.write(Data("mkinitramfs: \(note)\n".utf8))
    }
} catch let error as ToolError {
    fail(error.message, status: 1)
} catch {
    fail("\(error)", status: 1)
}
