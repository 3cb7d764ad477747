/// The `swiftboot.*` options of the payload kernel's command line (/proc/cmdline).
public struct KernelOptions: Sendable, Equatable {
    /// `swiftboot.timeout=N`: overrides every config; 0 boots at once; -1 waits forever.
    public var timeout: Int?
    /// `swiftboot.default=GLOB`: picks the default by title or id.
    public var defaultGlob: String?
    /// `swiftboot.debug`: verbose logs.
    public var debug = false
    /// `swiftboot.kexec=file|segments`.
    public var kexecMethod: KexecMethod?
    /// `swiftboot.reset_devices`: add `reset_devices` to every booted kernel's cmdline.
    public var resetDevices = false
    /// `swiftboot.chain=N`: test mode, kexec this payload into itself N times.
    public var chain: Int?
    /// `console=` values, in order (the last is /dev/console).
    public var consoles: [String] = []
    /// `TERM=` given on the command line, if any.
    public var term: String?
    /// `swiftboot.net=auto|off|IFACE[,IFACE]`: which interfaces netboot (default: every wired one).
    public var net: NetSelection = .auto
    /// `swiftboot.net.timeout=N`: seconds for carrier + DHCP per interface.
    public var netTimeout = 10
    /// `swiftboot.autoboot=net,disk|disk,net`: whose default wins (nil: the local one first).
    public var autoboot: [AutobootSource]?
    /// `swiftboot.ca=FILE`: a CA bundle for HTTPS besides the default one.
    public var ca: String?
    /// `swiftboot.policy.*`: tightening of the locked-down policy.
    public var policy = PolicyTightening()
    /// Options that looked like ours but were not understood (logged, never fatal).
    public var unknown: [String] = []

    /// The interfaces `swiftboot.net=` selects.
    public enum NetSelection: Sendable, Equatable {
        case auto
        case off
        case interfaces([String])
    }

    /// A source kind of `swiftboot.autoboot=`.
    public enum AutobootSource: String, Sendable, Equatable {
        case net
        case disk
    }

    public init() {}

    /// Parses a kernel command line. Quoting follows the kernel: `"..."` groups blanks.
    public static func parse(_ cmdline: String) -> KernelOptions {
        var options = KernelOptions()
        for word in splitKernelWords(cmdline) {
            let (key, value) = splitKeyValue(word)
            switch key {
            case "swiftboot.timeout":
                if let v = value, let n = Int(v) { options.timeout = n } else { options.unknown.append(word) }
            case "swiftboot.default":
                if let v = value, !v.isEmpty { options.defaultGlob = v } else { options.unknown.append(word) }
            case "swiftboot.debug":
                options.debug = value == nil || value == "1" || value == "y"
            case "swiftboot.kexec":
                if let v = value, let m = KexecMethod(rawValue: v) { options.kexecMethod = m } else { options.unknown.append(word) }
            case "swiftboot.reset_devices":
                options.resetDevices = value == nil || value == "1" || value == "y"
            case "swiftboot.chain":
                if let v = value, let n = Int(v), n >= 0 { options.chain = n } else { options.unknown.append(word) }
            case "swiftboot.net":
                switch value {
                case "auto"?: options.net = .auto
                case "off"?: options.net = .off
                case let v? where !v.isEmpty:
                    let names = v.split(separator: ",").map(String.init)
                    options.net = .interfaces(names)
                default: options.unknown.append(word)
                }
            case "swiftboot.net.timeout":
                if let v = value, let n = Int(v), n > 0 { options.netTimeout = n } else { options.unknown.append(word) }
            case "swiftboot.autoboot":
                let kinds = (value ?? "").split(separator: ",").map { AutobootSource(rawValue: String($0)) }
                if !kinds.isEmpty, kinds.allSatisfy({ $0 != nil }) { options.autoboot = kinds.compactMap { $0 } } else { options.unknown.append(word) }
            case "swiftboot.ca":
                if let v = value, !v.isEmpty { options.ca = v } else { options.unknown.append(word) }
            case "swiftboot.policy.edit":
                // Only "off": a parameter never loosens the policy.
                if value == "off" { options.policy.editOff = true } else { options.unknown.append(word) }
            case "swiftboot.policy.shell":
                if value == "off" { options.policy.shellOff = true } else { options.unknown.append(word) }
            case "swiftboot.policy.allow-kernel":
                let globs = (value ?? "").split(separator: ",").map(String.init)
                if !globs.isEmpty { options.policy.allowKernels += globs } else { options.unknown.append(word) }
            case "console":
                if let v = value { options.consoles.append(v) }
            case "TERM":
                options.term = value
            default:
                if key.hasPrefix("swiftboot.") { options.unknown.append(word) }
            }
        }
        return options
    }

    /// Splits a kernel command line into words the way the kernel does (double quotes
    /// group blanks and are removed).
    public static func splitKernelWords(_ cmdline: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inQuotes = false
        var hasWord = false
        for ch in cmdline {
            if ch == "\"" { inQuotes.toggle(); hasWord = true; continue }
            if !inQuotes && (ch == " " || ch == "\t" || ch == "\n") {
                if hasWord { words.append(current); current = ""; hasWord = false }
                continue
            }
            current.append(ch)
            hasWord = true
        }
        if hasWord { words.append(current) }
        return words
    }

    private static func splitKeyValue(_ word: String) -> (String, String?) {
        guard let eq = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<eq]), String(word[word.index(after: eq)...]))
    }
}
