import BootConfig

/// Authentication in the menu: GRUB's rules (an entry's `--users`/`superusers` checks,
/// a superuser for editing and the shell) and swiftboot's policy (its password, `edit`,
/// `shell`), asked for on the login screen, remembered for the rest of the menu's life
/// as GRUB remembers an authenticated user.
extension MenuModel {
    /// The first wrong password waits this long; each further one twice as long.
    static let firstDelay: Int64 = 1000
    /// The doubling stops here (about 68 minutes).
    static let maxDelayShift = 12

    /// Does `action` now, asks for a password first, or refuses it.
    mutating func request(_ action: GuardedAction) -> [MenuEffect] {
        if let refusal = policyRefusal(action) {
            status = refusal
            visible = true
            return [.log("refused: \(refusal)")]
        }
        let needed = checks(for: action).filter { !isSatisfied($0) }
        guard !needed.isEmpty else { return carryOut(action) }
        visible = true
        screen = .login(LoginForm(action: action, checks: needed))
        status = nil
        return []
    }

    /// The checks an action needs, in order.
    func checks(for action: GuardedAction) -> [AccessCheck] {
        let policy = options.policy.domain.map { [AccessCheck(domain: $0)] } ?? []
        switch action {
        case .boot(let plan, _):
            return plan.entry.access
        case .edit(let k):
            return policy + (entry(k)?.editAccess ?? [])
        case .shell, .rescan:
            // A superuser of every GRUB config that sets superusers: a stick with its own
            // grub.cfg and users cannot unlock the others.
            var seen = Set<String>()
            var grub: [AccessCheck] = []
            for e in entries {
                for c in e.editAccess where seen.insert(c.domain.owner).inserted { grub.append(AccessCheck(domain: c.domain)) }
            }
            return policy + grub
        }
    }

    /// Why the policy forbids an action outright, password or not.
    func policyRefusal(_ action: GuardedAction) -> String? {
        switch action {
        case .edit where !options.policy.editAllowed:
            return "Editing entries is disabled by the boot policy."
        case .shell where !options.policy.shellAllowed:
            return "The shell is disabled by the boot policy."
        default:
            return nil
        }
    }

    func isSatisfied(_ check: AccessCheck) -> Bool {
        authenticated[check.domain.owner]?.contains(where: check.admits) ?? false
    }

    /// Runs an action whose checks have passed.
    mutating func carryOut(_ action: GuardedAction) -> [MenuEffect] {
        switch action {
        case .boot(let plan, let reason):
            screen = .menu
            return boot(plan, reason: reason)
        case .edit(let k):
            guard let e = entry(k) else { screen = .menu; return [] }
            screen = .edit(EditForm(entry: e, key: k, resetDevices: options.resetDevices))
            return []
        case .shell:
            screen = .menu
            return [.shell]
        case .rescan:
            screen = .menu
            status = "Rescanning devices..."
            return [.rescan]
        }
    }

    /// Seconds left before the next password may be tried (0: none).
    public var loginWaitSeconds: Int {
        lockedUntil > now ? Int((lockedUntil - now + 999) / 1000) : 0
    }

    mutating func loginKey(_ key: Key, _ form: LoginForm) -> [MenuEffect] {
        var form = form
        if key == .escape {
            screen = .menu
            status = "Cancelled: \(form.action.summary) needs a password."
            return []
        }
        if loginWaitSeconds > 0 { return [] }
        switch key {
        case .character(let c): form.type(c)
        case .backspace, .control("h"): form.erase()
        case .control("u"): form.clear()
        case .tab, .backTab, .up, .down: form.focus = form.focus == .user ? .password : .user
        case .enter where form.focus == .user: form.focus = .password
        case .enter: return submit(form)
        default: break
        }
        screen = .login(form)
        return []
    }

    /// Checks the typed user and password against the first check.
    private mutating func submit(_ form: LoginForm) -> [MenuEffect] {
        var form = form
        guard let check = form.checks.first else { return carryOut(form.action) }
        let user = form.user
        let verified = check.domain.credentials[user].map { passwordChecker?.matches(form.password, $0) ?? false } ?? false
        if verified { authenticated[check.domain.owner, default: []].insert(user) }
        guard verified, check.admits(user) else {
            let delay = Self.firstDelay << Int64(min(failedLogins, Self.maxDelayShift))
            failedLogins += 1
            lockedUntil = now + delay
            form.clear()
            screen = .login(form)
            status = "Access denied."
            let who = verified ? "user '\(user)' may not" : "wrong user name or password for user '\(user)' to"
            return [.log("access denied: \(who) \(form.action.summary) (\(check.domain.owner)); next try in \(delay / 1000) s")]
        }
        var effects: [MenuEffect] = [.log("user '\(user)' authenticated (\(check.domain.owner)) to \(form.action.summary)")]
        form.checks.removeFirst()
        form.checks.removeAll(where: isSatisfied)
        status = nil
        if form.checks.isEmpty {
            effects += carryOut(form.action)
        } else {
            form.clear()
            screen = .login(form)
        }
        return effects
    }
}
