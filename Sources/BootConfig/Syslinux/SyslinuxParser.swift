/// Reads a syslinux-family config and its includes into a `SyslinuxDocument`, the way
/// syslinux 6's parser (`com32/menu/readconfig.c`) does: parser state is global across
/// included files, as if they were concatenated; a label ends at the next LABEL,
/// MENU BEGIN/END/SEPARATOR or the end of input.
final class SyslinuxParser {
    /// syslinux stops following INCLUDEs 16 levels deep.
    static let maxIncludeDepth = 16
    /// Files read for one config at most, so a config including itself twice per
    /// level cannot make 2^16 reads.
    static let maxFiles = 256

    /// Keywords syslinux, its menu module or U-Boot accept that change nothing here.
    static let ignoredKeywords: Set<String> = [
        "say", "path", "display", "serial", "console", "font", "kbdmap", "implicit",
        "noescape", "nocomplete", "noautoboot", "allowoptions", "onerror", "fkeys", "pxeretry", "sendcookies", "nohalt", "endtext",
        "fdtoverlays", "devicetree-overlay", "fit", "kaslrseed", "fallback",
    ]

    private let tree: any FileTree
    private let volume: String
    private let workingDirectory: String
    private let dialect: SyslinuxDialect
    private var document: SyslinuxDocument
    private var menu: SyslinuxMenu
    /// The label being defined (syslinux's `ld`).
    private var current: SyslinuxLabel?
    /// The global APPEND (before any LABEL, or between labels after MENU END etc.).
    private var globalAppend: String?
    /// The global `IPAPPEND`/`SYSAPPEND` bits, which a new label starts with.
    private var globalSysAppend: UInt32 = 0
    private var filesRead = 0
    /// Submenus open around the current line (0 in the root menu).
    private var menuDepth = 0
    /// `MENU BEGIN`s past `SyslinuxSource.maxMenuDepth` not opened, which the next
    /// `MENU END`s close instead of leaving a real submenu.
    private var unopenedMenus = 0
    private var reportedDeepMenu = false

    init(tree: any FileTree, volume: String, workingDirectory: String, dialect: SyslinuxDialect = .syslinux) {
        self.tree = tree
        self.dialect = dialect
        self.volume = volume
        self.workingDirectory = workingDirectory
        let root = SyslinuxMenu(tag: nil, parent: nil)
        self.document = SyslinuxDocument(path: "", root: root)
        self.menu = root
    }

    /// Parses the main config at `path`.
    func parse(path: String) -> SyslinuxDocument {
        document.path = path
        include(path, depth: 0, from: nil)
        record()
        return document
    }

    // MARK: - Files

    private func include(_ name: String, depth: Int, from: (file: String, line: Int)?) {
        let path = Path.resolve(name, in: workingDirectory)
        if depth > Self.maxIncludeDepth {
            error(from, "include nesting deeper than \(Self.maxIncludeDepth) levels at '\(name)'")
            return
        }
        if filesRead >= Self.maxFiles {
            if filesRead == Self.maxFiles {
                error(from, "more than \(Self.maxFiles) files included; '\(name)' and later includes skipped")
                filesRead += 1
            }
            return
        }
        filesRead += 1
        let text: String
        do {
            text = try tree.readText(path)
        } catch {
            self.error(from ?? (path, 0), "cannot read '\(path)': \(error.reason)")
            return
        }
        let lines = SyslinuxLine.lines(text)
        var index = 0
        while index < lines.count {
            let number = index + 1
            index += 1
            let line = SyslinuxLine.skipBlanks(lines[index - 1])
            if line.isEmpty || line.hasPrefix("#") { continue }
            if SyslinuxLine.keyword(line, "text") != nil {
                // TEXT HELP ... ENDTEXT is help text, never directives.
                while index < lines.count {
                    let body = SyslinuxLine.skipBlanks(lines[index])
                    index += 1
                    if SyslinuxLine.keyword(body, "endtext") != nil { break }
                }
                continue
            }
            directive(line, file: path, line: number, depth: depth)
        }
    }

    // MARK: - Directives

    private func directive(_ line: Substring, file: String, line number: Int, depth: Int) {
        let at = (file: file, line: number)
        if dialect == .uboot, ubootDirective(line, at: at, depth: depth) { return }
        if let rest = SyslinuxLine.keyword(line, "menu") {
            menuDirective(rest, at: at, depth: depth)
        } else if let rest = SyslinuxLine.keyword(line, "include") {
            includeDirective(rest, at: at, depth: depth)
        } else if let rest = SyslinuxLine.keyword(line, "append") {
            let value = String(SyslinuxLine.trimTrailing(rest))
            if current != nil { current!.append = value } else { globalAppend = value }
        } else if let rest = SyslinuxLine.keyword(line, "initrd") {
            // A global INITRD is ignored by syslinux.
            if current != nil { current!.initrd = String(SyslinuxLine.trimTrailing(rest)) }
        } else if let rest = SyslinuxLine.keyword(line, "label") {
            record()
            current = SyslinuxLabel(label: SyslinuxLine.trimmed(rest), file: file, line: number)
            current!.sysAppend = globalSysAppend
        } else if let rest = SyslinuxLine.keyword(line, "ipappend") ?? SyslinuxLine.keyword(line, "sysappend") {
            // Same bits under both names (IPAPPEND is the old name for bits 1 and 2).
            let bits = SysAppend.parseBits(rest)
            if current != nil { current!.sysAppend = bits } else { globalSysAppend = bits }
        } else if let (keyword, rest) = kernelKeyword(line) {
            if current != nil {
                current!.kernel = SyslinuxLine.trimmed(rest)
                current!.keyword = keyword
            }
        } else if let rest = SyslinuxLine.keyword(line, "timeout") {
            menu.timeout = SyslinuxLine.integer(rest)
        } else if let rest = SyslinuxLine.keyword(line, "totaltimeout") {
            document.totalTimeout = SyslinuxLine.integer(rest)
        } else if let rest = SyslinuxLine.keyword(line, "ontimeout") {
            menu.onTimeout = SyslinuxLine.trimmed(rest)
        } else if let rest = SyslinuxLine.keyword(line, "default") {
            document.globalDefault = SyslinuxLine.trimmed(rest)
        } else if SyslinuxLine.keyword(line, "ui") != nil {
            document.hasUI = true
        } else if let rest = SyslinuxLine.keyword(line, "prompt") {
            document.prompt = SyslinuxLine.integer(rest)
        } else if let rest = SyslinuxLine.keyword(line, "fdt") ?? SyslinuxLine.keyword(line, "devicetree") {
            if current != nil { current!.fdt = SyslinuxLine.trimmed(rest) }
        } else if SyslinuxLine.keyword(line, "fdtdir") != nil || SyslinuxLine.keyword(line, "devicetreedir") != nil {
            // U-Boot loads <dir>/$fdtfile, a board setting swiftboot does not have; with
            // no FDT the next kernel gets the running kernel's device tree.
        } else if isFunctionKey(line) || Self.ignoredKeywords.contains(where: { SyslinuxLine.keyword(line, $0) != nil }) {
            return
        } else {
            let word = SyslinuxLine.firstWord(line).word
            error(at, "unknown directive '\(word)'")
        }
    }

    private func menuDirective(_ line: Substring, at: (file: String, line: Int), depth: Int) {
        if let rest = SyslinuxLine.keyword(line, "label") {
            let text = SyslinuxLine.trimmed(rest)
            if current != nil {
                current!.menuLabel = text
            } else if menu.parent != nil {
                menu.displayName = text
                menu.displayNameIsTag = false
                if menu.title.isEmpty { menu.title = SyslinuxSource.stripCarets(text) }
            }
        } else if let rest = SyslinuxLine.keyword(line, "title") {
            menu.title = SyslinuxLine.trimmed(rest)
            if menu.parent != nil && menu.displayNameIsTag {
                menu.displayName = menu.title
                menu.displayNameIsTag = false
            }
        } else if SyslinuxLine.keyword(line, "default") != nil {
            if current != nil {
                current!.isMenuDefault = true
            } else if let parent = menu.parent,
                      let index = parent.items.lastIndex(where: { if case .submenu(let m) = $0 { return m === menu } else { return false } }) {
                parent.defaultItem = index
            }
        } else if SyslinuxLine.keyword(line, "hide") != nil {
            if current != nil { current!.isHidden = true }
        } else if let rest = SyslinuxLine.keyword(line, "include") {
            includeDirective(rest, at: at, depth: depth)
        } else if let rest = SyslinuxLine.keyword(line, "begin") {
            record()
            beginSubmenu(tag: SyslinuxLine.trimmed(rest), at: at, directive: "MENU BEGIN")
        } else if SyslinuxLine.keyword(line, "end") != nil {
            record()
            endSubmenu()
        } else if SyslinuxLine.keyword(line, "separator") != nil {
            record()
            var separator = SyslinuxLabel(label: "", file: at.file, line: at.line)
            separator.action = .disabled
            current = separator
            record()
        } else if SyslinuxLine.keyword(line, "disable") != nil || SyslinuxLine.keyword(line, "disabled") != nil {
            if current != nil { current!.action = .disabled }
        } else if SyslinuxLine.keyword(line, "exit") != nil || SyslinuxLine.keyword(line, "quit") != nil
                    || SyslinuxLine.keyword(line, "goto") != nil || SyslinuxLine.keyword(line, "help") != nil {
            if current != nil { current!.action = .navigation }
        } else if SyslinuxLine.keyword(line, "hidden") != nil {
            document.hiddenMenu = true
        } else if SyslinuxLine.keyword(line, "shiftkey") != nil {
            document.shiftKey = true
        }
        // Colors, layout, messages, passwords, backgrounds: presentation only.
    }

    /// U-Boot's `boot/pxe_utils.c` rules where they differ from syslinux's; returns
    /// whether the line was handled. No submenus, no global APPEND; PROMPT is ignored
    /// and any top-level MENU line turns the prompt on; DEFAULT and ONTIMEOUT both set
    /// the default label, `MENU DEFAULT` only when none is set yet; the first INITRD
    /// (or APPEND's `initrd=`) and FDT of a label win.
    private func ubootDirective(_ line: Substring, at: (file: String, line: Int), depth: Int) -> Bool {
        if let rest = SyslinuxLine.keyword(line, "menu") {
            if SyslinuxLine.keyword(rest, "label") != nil {
                if current != nil { current!.menuLabel = SyslinuxLine.trimmed(SyslinuxLine.keyword(rest, "label")!) }
            } else if SyslinuxLine.keyword(rest, "default") != nil {
                if let label = current?.label, document.globalDefault == nil { document.globalDefault = label }
            } else {
                document.prompt = 1
                if let file = SyslinuxLine.keyword(rest, "include") { includeDirective(file, at: at, depth: depth) }
            }
            return true
        }
        if SyslinuxLine.keyword(line, "prompt") != nil { return true }
        if let rest = SyslinuxLine.keyword(line, "default") ?? SyslinuxLine.keyword(line, "ontimeout") {
            document.globalDefault = SyslinuxLine.trimmed(rest)
            return true
        }
        if let rest = SyslinuxLine.keyword(line, "append") {
            guard current != nil else { return true }
            let value = String(SyslinuxLine.trimTrailing(rest))
            current!.append = value
            if current!.initrd == nil, let word = value.split(separator: " ").first(where: { $0.hasPrefix("initrd=") }) {
                current!.initrd = String(word.dropFirst("initrd=".count))
            }
            return true
        }
        if let rest = SyslinuxLine.keyword(line, "initrd") {
            if current != nil && current!.initrd == nil { current!.initrd = SyslinuxLine.trimmed(rest) }
            return true
        }
        if let rest = SyslinuxLine.keyword(line, "fdt") ?? SyslinuxLine.keyword(line, "devicetree") {
            if current != nil && current!.fdt == nil { current!.fdt = SyslinuxLine.trimmed(rest) }
            return true
        }
        return false
    }

    private func includeDirective(_ rest: Substring, at: (file: String, line: Int), depth: Int) {
        let (file, tag) = SyslinuxLine.firstWord(rest)
        guard !file.isEmpty else {
            error(at, "INCLUDE without a file name")
            return
        }
        let tagText = SyslinuxLine.trimmed(tag)
        if tagText.isEmpty {
            include(String(file), depth: depth + 1, from: at)
        } else {
            // `MENU INCLUDE file tag`: the file's labels form a submenu.
            record()
            beginSubmenu(tag: tagText, at: at, directive: "MENU INCLUDE")
            include(String(file), depth: depth + 1, from: at)
            record()
            endSubmenu()
        }
    }

    // MARK: - State

    /// Ends the current label (syslinux `record()`).
    private func record() {
        guard let label = current else { return }
        current = nil
        if label.isMenuDefault && !label.isHidden && label.action == .command {
            menu.defaultItem = menu.items.count
        }
        menu.items.append(.label(label, globalAppend: globalAppend))
    }

    /// Opens a submenu, unless `SyslinuxSource.maxMenuDepth` are open already: then the
    /// labels up to the matching `MENU END` join the current menu, and the first such
    /// line of the parse is reported.
    private func beginSubmenu(tag: String, at: (file: String, line: Int), directive: String) {
        if menuDepth >= SyslinuxSource.maxMenuDepth {
            if unopenedMenus == 0 && !reportedDeepMenu {
                reportedDeepMenu = true
                error(at, "\(directive) nested deeper than \(SyslinuxSource.maxMenuDepth) levels; "
                          + "deeper submenus are shown in the menu above them")
            }
            unopenedMenus += 1
            return
        }
        menuDepth += 1
        let submenu = SyslinuxMenu(tag: tag.isEmpty ? nil : tag, parent: menu)
        menu.items.append(.submenu(submenu))
        menu = submenu
    }

    private func endSubmenu() {
        if unopenedMenus > 0 {
            unopenedMenus -= 1
            return
        }
        if let parent = menu.parent {
            menu = parent
            menuDepth -= 1
        }
    }

    private func kernelKeyword(_ line: Substring) -> (SyslinuxKernelKeyword, Substring)? {
        for keyword in SyslinuxKernelKeyword.allCases {
            if let rest = SyslinuxLine.keyword(line, keyword.rawValue) { return (keyword, rest) }
        }
        return nil
    }

    /// `F1 file` ... `F12 file` help screens.
    private func isFunctionKey(_ line: Substring) -> Bool {
        guard let first = line.first, first == "f" || first == "F" else { return false }
        let word = SyslinuxLine.firstWord(line).word.dropFirst()
        guard let n = Int(word) else { return false }
        return (0...12).contains(n)
    }

    private func error(_ at: (file: String, line: Int)?, _ message: String) {
        let line = (at?.line).flatMap { $0 > 0 ? $0 : nil }
        document.errors.append(ConfigError(volume: volume, config: at?.file ?? "", line: line, message: message))
    }
}
