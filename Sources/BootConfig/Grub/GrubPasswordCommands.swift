/// GRUB's `password` and `password_pbkdf2` (grub-core/commands/password.c,
/// password_pbkdf2.c): each defines one user and how their password is checked.
extension GrubInterpreter {
    /// `password USER PLAIN` / `password_pbkdf2 USER grub.pbkdf2.sha512.ITER.SALT.HASH`.
    /// A later definition of the same user replaces the earlier one, as GRUB's
    /// `grub_auth_register_authentication` does.
    func definePassword(_ name: String, _ args: ArraySlice<String>, line: Int) -> Int32 {
        guard args.count == 2, let user = args.first, let secret = args.last else {
            report("\(name): two arguments expected", line: line)
            return 1
        }
        if name == "password" {
            credentials[user] = .plain(secret)
            return 0
        }
        guard let hash = PBKDF2Hash(grub: secret) else {
            report("\(name): invalid PBKDF2 password for user '\(user)'", line: line)
            return 1
        }
        credentials[user] = .pbkdf2(hash)
        return 0
    }

    /// The access domain of a menu level: GRUB checks the `superusers` of the context the
    /// menu runs in (an unexported `superusers` does not reach a submenu's entries). Nil
    /// when `superusers` is unset: nothing is restricted.
    func accessDomain(_ level: GrubMenuLevel, owner: GrubFile) -> AccessDomain? {
        guard let superusers = level.environment["superusers"] else { return nil }
        return AccessDomain(owner: "\(owner.volume):\(owner.path)", superusers: AccessDomain.userWords(superusers),
                            credentials: credentials)
    }
}
