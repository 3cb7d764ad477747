import Foundation

/// Command-line options of `mkinitramfs`.
struct Options {
    var output: String?
    var layouts: [String] = []
    var initBinary: String?
    var moduleDirectory: String?
    var moduleLists: [String] = []
    var firmwareDirectories: [String] = []
    var modules: [String] = []
    var terminfoNames: [String] = []
    var terminfoDirectories: [String] = []
    var extraFiles: [(destination: String, source: String, permissions: UInt32)] = []
    var compression = Compression.zstd
    var mtime: UInt32 = 0
    var digest = true
    /// `--policy FILE`: stored as /etc/swiftboot/policy (checked first).
    var policy: String?

    static let usage = """
        usage: mkinitramfs --output FILE [options]
          --output FILE             the image to write
          --layout FILE             directories, device nodes, links, files (gen_init_cpio-like)
          --init FILE               the binary to store as /init (mode 0755)
          --module-dir DIR          a kernel's /lib/modules/VERSION directory (with modules.dep)
          --modules-list FILE       module names to include, one a line (# comments)
          --module NAME             one more module to include
          --firmware-dir DIR        where to look for the firmware modules declare (default:
                                    the kernel tree's lib/firmware, then /lib/firmware)
          --terminfo NAME           a terminfo entry to include (under /usr/share/terminfo)
          --terminfo-dir DIR        where to look for terminfo entries (default: /etc/terminfo,
                                    /lib/terminfo, /usr/share/terminfo)
          --file DEST=SRC[:MODE]    store host file SRC at DEST (MODE octal, default 0644)
          --compress zstd|gzip|xz|none   (default zstd)
          --mtime N                 modification time of every record (default 0)
          --no-digest               leave out /etc/swiftboot/digest
          --policy FILE             swiftboot's locked-down policy, stored as /etc/swiftboot/policy
                                    (refused unless it parses; docs/access-control.md)
        """

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = iterator.next() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        while let argument = iterator.next() {
            switch argument {
            case "--output", "-o": options.output = try value(argument)
            case "--layout": options.layouts.append(try value(argument))
            case "--init": options.initBinary = try value(argument)
            case "--module-dir": options.moduleDirectory = try value(argument)
            case "--modules-list": options.moduleLists.append(try value(argument))
            case "--module": options.modules.append(try value(argument))
            case "--firmware-dir": options.firmwareDirectories.append(try value(argument))
            case "--terminfo": options.terminfoNames.append(try value(argument))
            case "--terminfo-dir": options.terminfoDirectories.append(try value(argument))
            case "--file":
                let spec = try value(argument)
                guard let equals = spec.firstIndex(of: "=") else {
                    throw UsageError("--file wants DEST=SRC[:MODE], got '\(spec)'")
                }
                var source = String(spec[spec.index(after: equals)...])
                var permissions: UInt32 = 0o644
                if let colon = source.lastIndex(of: ":"),
                   let mode = UInt32(source[source.index(after: colon)...], radix: 8) {
                    permissions = mode
                    source = String(source[..<colon])
                }
                options.extraFiles.append((String(spec[..<equals]), source, permissions))
            case "--compress":
                let name = try value(argument)
                guard let compression = Compression(rawValue: name) else {
                    throw UsageError("unknown compression '\(name)' (zstd, gzip, xz, none)")
                }
                options.compression = compression
            case "--mtime":
                let text = try value(argument)
                guard let mtime = UInt32(text) else { throw UsageError("invalid --mtime '\(text)'") }
                options.mtime = mtime
            case "--no-digest": options.digest = false
            case "--policy": options.policy = try value(argument)
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw UsageError("unknown argument '\(argument)'")
            }
        }
        if options.output == nil { throw UsageError("--output is required") }
        if options.terminfoDirectories.isEmpty {
            options.terminfoDirectories = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"]
        }
        return options
    }
}

/// A command-line mistake; printed with the usage text, exit status 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
