/// systemd-boot's `loader/loader.conf`: the settings a menu needs from it.
public struct LoaderConf: Sendable, Equatable {
    /// How long the menu waits.
    public enum Timeout: Sendable, Equatable {
        /// Seconds; 0 hides the menu and boots the default at once.
        case seconds(Int)
        /// `menu-force`: show the menu and wait.
        case menuForce
        /// `menu-hidden`: as 0.
        case menuHidden
        /// `menu-disabled`: never show the menu.
        case menuDisabled
    }

    /// `default`: a glob over entry ids, or `@saved`.
    public var defaultPattern: String?
    public var timeout: Timeout?
    public var errors: [(line: Int, message: String)] = []

    public static func == (a: LoaderConf, b: LoaderConf) -> Bool {
        a.defaultPattern == b.defaultPattern && a.timeout == b.timeout && a.errors.map(\.line) == b.errors.map(\.line)
    }

    /// Keys systemd-boot knows that change nothing for a kexec menu.
    static let otherKeys: Set<String> = [
        "console-mode", "editor", "auto-entries", "auto-firmware", "auto-poweroff", "auto-reboot",
        "beep", "secure-boot-enroll", "secure-boot-enroll-action", "secure-boot-enroll-timeout-sec",
        "reboot-for-bitlocker", "reboot-on-error", "random-seed-mode", "log-level", "preferred-profile",
    ]

    public init(text: String) {
        let file = BLSEntryFile(fileName: "loader.conf", text: text)
        for line in file.lines {
            switch line.key {
            case "default":
                defaultPattern = line.value
            case "timeout":
                switch line.value {
                case "menu-force": timeout = .menuForce
                case "menu-hidden": timeout = .menuHidden
                case "menu-disabled": timeout = .menuDisabled
                default:
                    if let n = Int(line.value), n >= 0 {
                        timeout = .seconds(n)
                    } else {
                        errors.append((line.number, "timeout '\(line.value)' is not a number of seconds or menu-force/menu-hidden/menu-disabled"))
                    }
                }
            default:
                if !Self.otherKeys.contains(line.key) {
                    errors.append((line.number, "unknown key '\(line.key)'"))
                }
            }
        }
    }

    /// The menu timeout in swiftboot's terms: seconds, 0 to boot at once, nil to wait.
    /// Without a `timeout` line systemd-boot boots the default at once.
    public var menuTimeout: Int? { Self.menuTimeout(timeout) }

    /// A timeout setting in swiftboot's terms; nil (no setting) boots at once.
    public static func menuTimeout(_ timeout: Timeout?) -> Int? {
        switch timeout {
        case nil, .menuHidden, .menuDisabled: return 0
        case .menuForce: return nil
        case .seconds(let n): return n
        }
    }
}
