import BootConfig

/// Something the menu does only for an authenticated user (GRUB's
/// `grub_auth_check_authentication` points, and swiftboot's policy).
public enum GuardedAction: Sendable, Equatable {
    case boot(BootPlan, reason: BootReason)
    case edit(EntryKey)
    case shell
    case rescan

    /// The action in words, for the prompt and the log.
    public var summary: String {
        switch self {
        case .boot(let plan, _): return "boot '\(plan.entry.title)'"
        case .edit(let k): return "edit '\(k.title)'"
        case .shell: return "open a shell"
        case .rescan: return "rescan the devices"
        }
    }
}

/// The password prompt: a user name and a password (never shown) for the first of the
/// checks an action still needs.
public struct LoginForm: Sendable, Equatable {
    public enum Field: Sendable, Equatable {
        case user, password
    }

    public var action: GuardedAction
    /// Checks still to pass, the current one first.
    public var checks: [AccessCheck]
    public var focus: Field = .user
    public private(set) var user = ""
    /// The typed password: kept only until Enter, never drawn or logged.
    public private(set) var password = ""

    public init(action: GuardedAction, checks: [AccessCheck]) {
        self.action = action
        self.checks = checks
    }

    /// How many characters the password has (the screen shows nothing of it).
    public var passwordLength: Int { password.count }

    mutating func type(_ c: Character) {
        if focus == .user { user.append(c) } else { password.append(c) }
    }

    mutating func erase() {
        if focus == .user { if !user.isEmpty { user.removeLast() } } else if !password.isEmpty { password.removeLast() }
    }

    /// Empties both fields for the next try (or the next check).
    mutating func clear() {
        user = ""
        password = ""
        focus = .user
    }
}
