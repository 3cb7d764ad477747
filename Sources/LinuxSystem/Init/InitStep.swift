#if canImport(Glibc)
import Glibc
#endif

/// One printable piece of PID-1 set-up: what it does (`description`) and doing it (`run`).
/// Plans are lists of steps, so they can be printed and tested without root.
public protocol InitStep: CustomStringConvertible, Sendable {
    func run() throws(SystemError)
}

/// Creates a directory (and its parents).
public struct MakeDirectory: InitStep, Equatable {
    public var path: String
    public var permissions: mode_t

    public init(_ path: String, permissions: mode_t = 0o755) {
        self.path = path
        self.permissions = permissions
    }

    public var description: String { "mkdir \(path) (mode \(String(permissions, radix: 8)))" }

    public func run() throws(SystemError) {
        try FileSystem.makeDirectory(path, permissions: permissions)
    }
}

/// Mounts a filesystem on a directory it creates first; an existing mount of the same
/// type there is left alone (the kernel or a previous run may have done it).
public struct MountFilesystem: InitStep, Equatable {
    public var source: String
    public var target: String
    public var type: String
    public var flags: MountFlags
    public var options: String?

    public init(_ source: String, on target: String, type: String, flags: MountFlags = [], options: String? = nil) {
        self.source = source
        self.target = target
        self.type = type
        self.flags = flags
        self.options = options
    }

    public var description: String {
        var words: [String] = []
        if flags.contains(.readOnly) { words.append("ro") }
        if flags.contains(.noSetUID) { words.append("nosuid") }
        if flags.contains(.noDevices) { words.append("nodev") }
        if flags.contains(.noExecute) { words.append("noexec") }
        if let options { words.append(options) }
        return "mount -t \(type) \(source) \(target)" + (words.isEmpty ? "" : " -o " + words.joined(separator: ","))
    }

    public func run() throws(SystemError) {
        if Mount.table().contains(where: { $0.target == target && $0.type == type }) { return }
        try FileSystem.makeDirectory(target)
        try Mount.mount(source, on: target, type: type, flags: flags, options: options)
    }
}

/// Creates a symbolic link unless something is already there.
public struct MakeSymbolicLink: InitStep, Equatable {
    public var path: String
    public var target: String

    public init(_ path: String, to target: String) {
        self.path = path
        self.target = target
    }

    public var description: String { "ln -s \(target) \(path)" }

    public func run() throws(SystemError) {
        if FileSystem.readLink(path) != nil || FileSystem.exists(path) { return }
        try FileSystem.symbolicLink(path, to: target)
    }
}

/// Writes a value into an existing file (a /proc or /sys setting).
public struct WriteSetting: InitStep, Equatable {
    public var path: String
    public var value: String

    public init(_ path: String, _ value: String) {
        self.path = path
        self.value = value
    }

    public var description: String { "echo \"\(value)\" > \(path)" }

    public func run() throws(SystemError) {
        // With the newline, as echo writes it: some settings (printk_devkmsg) insist.
        try FileSystem.writeText(value + "\n", to: path)
    }
}

/// Sets an environment variable inherited by every child.
public struct SetEnvironment: InitStep, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "export \(name)=\(value)" }

    public func run() throws(SystemError) {
        if setenv(name, value, 1) != 0 { throw SystemError(call: "setenv", path: name, errno: errno) }
    }
}

/// Makes sure standard input, output and error are open: any of descriptors 0–2 that is
/// closed (the kernel found no console) is pointed at `device`.
public struct OpenConsole: InitStep, Equatable {
    public var device: String

    public init(_ device: String = "/dev/console") { self.device = device }

    public var description: String { "open \(device) as any closed stdin/stdout/stderr" }

    public func run() throws(SystemError) {
        let closed = (Int32(0)...2).filter { fcntl($0, F_GETFD) == -1 }
        guard !closed.isEmpty else { return }
        let console = try FileDescriptor.open(device, .readWrite, options: .noControllingTerminal)
        for fd in closed where fd != console.rawValue {
            try console.duplicate(as: FileDescriptor(rawValue: fd))
        }
        if console.rawValue > 2 { console.close() }
        // dup2 keeps close-on-exec off on the copies; a console that landed on 0–2 directly
        // has it on and must lose it, or children start without stdio.
        if console.rawValue <= 2 { _ = fcntl(console.rawValue, F_SETFD, 0) }
    }
}
