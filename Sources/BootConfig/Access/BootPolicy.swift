/// swiftboot's own locked-down mode: `/etc/swiftboot/policy` in the initramfs
/// (docs/access-control.md), tightened by `swiftboot.policy.*` kernel parameters.
public struct BootPolicy: Sendable, Equatable {
    /// Where the policy came from (the file's path), for logs and the access domain.
    public var origin: String
    /// The user name the password prompt asks for.
    public var user: String
    /// Guards editing, the shell and rescanning; nil: no password.
    public var password: PBKDF2Hash?
    /// `edit = off`: no entry can be edited, password or not.
    public var editAllowed: Bool
    /// `shell = off`: no shell, password or not.
    public var shellAllowed: Bool
    /// What may boot: every list must admit an entry; none: anything may boot.
    public var allowLists: [AllowList]

    public init(origin: String = "", user: String = "root", password: PBKDF2Hash? = nil, editAllowed: Bool = true,
                shellAllowed: Bool = true, allowLists: [AllowList] = []) {
        self.origin = origin
        self.user = user
        self.password = password
        self.editAllowed = editAllowed
        self.shellAllowed = shellAllowed
        self.allowLists = allowLists
    }

    /// No policy: everything allowed.
    public static let open = BootPolicy()

    /// The access domain of the policy's password (its one user is a superuser), or nil.
    public var domain: AccessDomain? {
        password.map { AccessDomain(owner: origin, superusers: [user], credentials: [user: .pbkdf2($0)]) }
    }

    /// Whether any list needs file digests (the host then hashes the kernel and initrds).
    public var needsDigests: Bool {
        allowLists.contains { !$0.sha256.isEmpty }
    }

    /// Why an entry may not boot, or nil when every allow-list admits it. `digest` gives
    /// the lower-case hex SHA-256 of a file of the entry's filesystem (nil: unreadable),
    /// asked for only when a list names digests.
    public func refusal(kernel: String, initrds: [String], digest: (String) -> String?) -> String? {
        for list in allowLists where !list.admits(kernel: kernel, initrds: initrds, digest: digest) {
            return "\(kernel) is not on the allow-list of \(list.origin)"
        }
        return nil
    }

    /// This policy with the kernel parameters' tightening applied: they can turn editing
    /// and the shell off and add an allow-list, never turn anything back on.
    public func tightened(by t: PolicyTightening) -> BootPolicy {
        var p = self
        if t.editOff { p.editAllowed = false }
        if t.shellOff { p.shellAllowed = false }
        if !t.allowKernels.isEmpty {
            p.allowLists.append(AllowList(origin: "swiftboot.policy.allow-kernel", kernelGlobs: t.allowKernels))
        }
        return p
    }
}

/// One allow-list: an entry is admitted when its kernel path matches one of the globs,
/// or when the SHA-256 of its kernel and of every initrd are all listed.
public struct AllowList: Sendable, Equatable {
    public var origin: String
    public var kernelGlobs: [String]
    /// Lower-case hex digests.
    public var sha256: Set<String>

    public init(origin: String, kernelGlobs: [String] = [], sha256: Set<String> = []) {
        self.origin = origin
        self.kernelGlobs = kernelGlobs
        self.sha256 = sha256
    }

    public func admits(kernel: String, initrds: [String], digest: (String) -> String?) -> Bool {
        if kernelGlobs.contains(where: { Glob.matches($0, kernel) }) { return true }
        guard !sha256.isEmpty else { return false }
        for file in [kernel] + initrds {
            guard let d = digest(file), sha256.contains(d) else { return false }
        }
        return true
    }
}

/// What `swiftboot.policy.*` kernel parameters ask for (they only tighten).
public struct PolicyTightening: Sendable, Equatable {
    /// `swiftboot.policy.edit=off`.
    public var editOff = false
    /// `swiftboot.policy.shell=off`.
    public var shellOff = false
    /// `swiftboot.policy.allow-kernel=GLOB[,GLOB]`: a further list every boot must match.
    public var allowKernels: [String] = []

    public init(editOff: Bool = false, shellOff: Bool = false, allowKernels: [String] = []) {
        self.editOff = editOff
        self.shellOff = shellOff
        self.allowKernels = allowKernels
    }
}

/// A line of a policy file that could not be used.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

extension BootPolicy {
    /// Parses a policy file: `key = value` lines, `#` comments, blank lines ignored.
    ///
    /// Keys: `user`, `password` (`grub.pbkdf2.sha512.ITER.SALT.HASH`), `edit` and
    /// `shell` (`on`/`off`), `allow-kernel` (a glob, repeatable), `allow-sha256` (hex,
    /// repeatable). A line that cannot be used is an error: a policy is never half-read.
    public static func parse(_ text: String, origin: String) throws(PolicyError) -> BootPolicy {
        var policy = BootPolicy(origin: origin)
        var globs: [String] = []
        var digests: Set<String> = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.first == "#" { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw PolicyError(file: origin, line: number, message: "expected 'key = value'")
            }
            let key = trimmed(line[..<eq])
            let value = trimmed(line[line.index(after: eq)...])
            func fail(_ message: String) -> PolicyError { PolicyError(file: origin, line: number, message: message) }
            switch key {
            case "user":
                guard !value.isEmpty, !value.contains(" ") else { throw fail("user: one word expected") }
                policy.user = value
            case "password":
                guard let hash = PBKDF2Hash(grub: value) else {
                    throw fail("password: expected grub.pbkdf2.sha512.ITERATIONS.SALT.HASH")
                }
                policy.password = hash
            case "edit", "shell":
                guard value == "on" || value == "off" else { throw fail("\(key): 'on' or 'off' expected") }
                if key == "edit" { policy.editAllowed = value == "on" } else { policy.shellAllowed = value == "on" }
            case "allow-kernel":
                guard value.hasPrefix("/") else { throw fail("allow-kernel: an absolute path glob expected") }
                globs.append(value)
            case "allow-sha256":
                let hex = value.lowercased()
                guard hex.utf8.count == 64, PBKDF2Hash.hex(Substring(hex)) != nil else {
                    throw fail("allow-sha256: 64 hex digits expected")
                }
                digests.insert(hex)
            default:
                throw fail("unknown key '\(key)'")
            }
        }
        if !globs.isEmpty || !digests.isEmpty {
            policy.allowLists = [AllowList(origin: origin, kernelGlobs: globs, sha256: digests)]
        }
        return policy
    }

    private static func trimmed(_ s: Substring) -> String {
        String(s.drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
