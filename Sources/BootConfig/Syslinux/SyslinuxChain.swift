/// syslinux's `CONFIG` label type restarts the loader with another config file. When
/// the config boots such a label by itself (ldlinux's auto-boot: no menu module,
/// `PROMPT 0`, `DEFAULT` naming it, possibly through `whichsys.c32`, as Arch's ISO
/// does), the menu a user sees is the other file's. `CONFIG` labels a user would
/// pick from a menu are not entries (not kexec-able).
enum SyslinuxChain {
    /// How syslinux was started, for `whichsys.c32`'s `-iso-`/`-sys-`/`-pxe-` choice.
    enum Variant: String {
        case iso, sys, pxe
    }

    /// The config (and working directory) ldlinux would restart with, or nil when the
    /// document boots something else or shows a menu.
    static func target(of document: SyslinuxDocument, workingDirectory: String, variant: Variant)
        -> SyslinuxConfigLocation? {
        guard !document.hasUI, document.prompt == 0, let command = document.globalDefault else { return nil }
        return target(ofCommand: command, in: labels(document.root), workingDirectory: workingDirectory,
                      variant: variant, hops: 0)
    }

    private static func target(ofCommand command: String, in labels: [SyslinuxLabel], workingDirectory: String,
                               variant: Variant, hops: Int) -> SyslinuxConfigLocation? {
        guard hops < 4 else { return nil }
        let (word, _) = SyslinuxLine.firstWord(Substring(command))
        guard let label = labels.first(where: { $0.label == command }) ?? labels.first(where: { $0.label == String(word) }),
              label.action == .command else { return nil }
        let (file, rest) = SyslinuxLine.firstWord(Substring(label.kernel))
        switch label.keyword {
        case .config:
            guard !file.isEmpty else { return nil }
            let path = Path.resolve(String(file), in: workingDirectory)
            let directory = rest.isEmpty ? workingDirectory : Path.resolve(SyslinuxLine.trimmed(rest), in: workingDirectory)
            return SyslinuxConfigLocation(path: path, workingDirectory: directory)
        case .com32, .kernel:
            guard Path.basename(String(file)).lowercased() == "whichsys.c32",
                  let chosen = whichsysCommand(label.append ?? String(rest), variant: variant) else { return nil }
            return target(ofCommand: chosen, in: labels, workingDirectory: workingDirectory, variant: variant, hops: hops + 1)
        default:
            return nil
        }
    }

    /// `whichsys.c32 -iso- CMD -sys- CMD -pxe- CMD`: the command for `variant`.
    static func whichsysCommand(_ arguments: String, variant: Variant) -> String? {
        var commands: [String: [Substring]] = [:]
        var current: String?
        for word in arguments.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.count > 2, word.hasPrefix("-"), word.hasSuffix("-") {
                current = String(word.dropFirst().dropLast()).lowercased()
                commands[current!] = []
            } else if let c = current {
                commands[c, default: []].append(word)
            }
        }
        guard let words = commands[variant.rawValue], !words.isEmpty else { return nil }
        return words.joined(separator: " ")
    }

    /// Every label of the document, in file order.
    private static func labels(_ menu: SyslinuxMenu) -> [SyslinuxLabel] {
        menu.items.flatMap { item -> [SyslinuxLabel] in
            switch item {
            case let .label(label, _): return [label]
            case let .submenu(sub): return labels(sub)
            }
        }
    }
}
