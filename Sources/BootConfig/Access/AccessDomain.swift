/// The users one authority knows: one GRUB config's `password`/`password_pbkdf2` users
/// and its `superusers`, or swiftboot's own policy file (its administrator).
public struct AccessDomain: Sendable, Equatable, Hashable {
    /// Who defined it, for logs and to tell domains apart: `VOLUME:CONFIG` for GRUB,
    /// the policy file's path for swiftboot's.
    public var owner: String
    /// Users with full rights (GRUB `superusers`).
    public var superusers: [String]
    /// Every user with a password, by name.
    public var credentials: [String: Credential]

    public init(owner: String, superusers: [String], credentials: [String: Credential]) {
        self.owner = owner
        self.superusers = superusers
        self.credentials = credentials
    }

    public static func == (a: AccessDomain, b: AccessDomain) -> Bool {
        a.owner == b.owner && a.superusers == b.superusers && a.credentials == b.credentials
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(owner)
        hasher.combine(superusers)
    }

    /// Splits a GRUB user list as `grub_auth_strword` does: words separated by blanks,
    /// `,`, `;`, `|` or `&`.
    public static func userWords(_ list: String) -> [String] {
        list.split(whereSeparator: { " \t,;|&".contains($0) }).map(String.init)
    }
}

/// One authentication an action needs: a user of `domain` who is a superuser or one of
/// `users` (GRUB `menuentry --users`).
public struct AccessCheck: Sendable, Equatable, Hashable {
    public var domain: AccessDomain
    /// Users allowed besides the superusers; empty: superusers only.
    public var users: [String]

    public init(domain: AccessDomain, users: [String] = []) {
        self.domain = domain
        self.users = users
    }

    /// Whether `user` satisfies this check (it must also have authenticated).
    public func admits(_ user: String) -> Bool {
        domain.superusers.contains(user) || users.contains(user)
    }
}
