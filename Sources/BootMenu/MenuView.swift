/// How a line of the screen is drawn.
public enum LineStyle: Sendable, Equatable {
    case normal
    /// The title bar (reverse video).
    case titleBar
    /// A device heading or screen heading (bold).
    case heading
    /// The selected row (reverse video).
    case selected
    /// The focused field of the edit screen (bold).
    case focused
    /// The status line (bold).
    case status
    /// The key help line (dim or normal).
    case help
}

/// One screen line: text (already fitted to the width) and its style.
public struct ScreenLine: Sendable, Equatable {
    public var text: String
    public var style: LineStyle

    public init(_ text: String, _ style: LineStyle = .normal) {
        self.text = text
        self.style = style
    }
}

/// What to draw on one terminal: exactly `rows` lines, and where the cursor goes
/// (nil: hidden).
public struct ScreenImage: Sendable, Equatable {
    public var lines: [ScreenLine]
    public var cursor: (row: Int, column: Int)?

    public init(lines: [ScreenLine], cursor: (row: Int, column: Int)? = nil) {
        self.lines = lines
        self.cursor = cursor
    }

    public static func == (a: ScreenImage, b: ScreenImage) -> Bool {
        a.lines == b.lines && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }

    /// The text of the screen, one line per row (for tests and logs).
    public var text: String { lines.map { $0.text }.joined(separator: "\n") }
}

/// Lays the menu model out on a terminal of a given size. Pure: the terminal layer
/// only paints the result.
public enum MenuView {
    /// The screen for `model` on a `rows` x `columns` terminal; `unicode` false spells
    /// every text in ASCII.
    public static func render(_ model: MenuModel, rows: Int, columns: Int, unicode: Bool) -> ScreenImage {
        let rows = max(rows, 6)
        let columns = max(columns, 20)
        let bodyHeight = rows - 5
        var body: [ScreenLine] = []
        var cursor: (row: Int, column: Int)?
        let title: String
        let help: String
        switch model.screen {
        case .menu:
            title = "Boot menu"
            body = menuBody(model, height: bodyHeight, columns: columns, unicode: unicode)
            help = menuHelp(model)
        case .edit(let form):
            title = "Edit entry (this boot only)"
            (body, cursor) = editBody(model, form, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Enter/Ctrl-X=boot  Esc=cancel  Up/Down=field  Ctrl-A/E=start/end  Ctrl-K=cut"
        case .details:
            title = "Entry details"
            body = textBody(model, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Up/Down/PgUp/PgDn=scroll  e=edit  Esc=back"
        case .log:
            title = "Log"
            body = textBody(model, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Up/Down/PgUp/PgDn/Home/End=scroll  Esc=back"
        case .help:
            title = "Help"
            body = textBody(model, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Up/Down=scroll  Esc=back"
        case .login(let form):
            title = "Password"
            (body, cursor) = loginBody(model, form, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Enter=next/confirm  Tab=field  Esc=cancel"
        case .passphrase(let form):
            title = "Passphrase"
            (body, cursor) = passphraseBody(model, form, height: bodyHeight, columns: columns, unicode: unicode)
            help = "Enter=unlock  Ctrl-U=clear  Esc=cancel"
        }
        var lines: [ScreenLine] = []
        lines.append(bar(" \(SwiftbootVersion.string)", right: title + " ", columns: columns, unicode: unicode))
        lines.append(ScreenLine(""))
        for i in 0..<bodyHeight { lines.append(i < body.count ? body[i] : ScreenLine("")) }
        lines.append(ScreenLine(""))
        lines.append(ScreenLine(TextFit.fit(" " + statusText(model), width: columns, unicode: unicode), .status))
        lines.append(ScreenLine(TextFit.fit(" " + help, width: columns, unicode: unicode), .help))
        if let c = cursor { cursor = (c.row + 2, c.column) }
        return ScreenImage(lines: lines, cursor: cursor)
    }

    /// The status line: the last message, else the countdown, else config errors.
    public static func statusText(_ model: MenuModel) -> String {
        if let s = model.status { return s }
        if let left = model.countdown.secondsLeft(at: model.now), let k = model.defaultKey, let e = model.entry(k) {
            return "Booting '\(e.title)' in \(left)s. Press any key to stop."
        }
        if !model.errors.isEmpty {
            return "\(model.errors.count) config error\(model.errors.count == 1 ? "" : "s"): press l for the log."
        }
        return ""
    }

    private static func bar(_ left: String, right: String, columns: Int, unicode: Bool) -> ScreenLine {
        let l = TextFit.fit(left, width: columns, unicode: unicode)
        let r = TextFit.fit(right, width: max(0, columns - TextFit.width(l) - 1), unicode: unicode)
        let gap = max(1, columns - TextFit.width(l) - TextFit.width(r))
        return ScreenLine(TextFit.fit(l + String(repeating: " ", count: gap) + r, width: columns, unicode: unicode), .titleBar)
    }

    private static func menuHelp(_ model: MenuModel) -> String {
        var keys = ["Enter=boot", "e=edit", "i=info", "l=log", "r=rescan"]
        if model.options.shellAvailable { keys.append("s=shell") }
        keys.append("h=help")
        if model.level != .top { keys.append("Esc=back") }
        if model.options.allowQuit { keys.append("q=quit") }
        return keys.joined(separator: "  ")
    }

    private static func menuBody(_ model: MenuModel, height: Int, columns: Int, unicode: Bool) -> [ScreenLine] {
        var out: [ScreenLine] = []
        var listHeight = height
        if let volume = model.level.volume, height > 1 {
            let heading = ([model.device(volume)?.heading ?? volume] + model.level.path).joined(separator: " > ")
            out.append(ScreenLine(TextFit.fit(" " + heading, width: columns, unicode: unicode), .heading))
            listHeight -= 1
        }
        let lines = model.lines(at: model.level)
        if lines.isEmpty {
            out.append(ScreenLine(TextFit.fit("  No boot entries found (yet). r rescans, l shows the log.", width: columns, unicode: unicode)))
            return out
        }
        let selectedIndex = lines.firstIndex { if case .row(let r) = $0 { return r == model.selection } else { return false } } ?? 0
        // The first screenful while the selection is on it; then the selection on the last line.
        let first = selectedIndex < listHeight ? 0 : selectedIndex - listHeight + 1
        for line in lines[first..<min(lines.count, first + listHeight)] {
            switch line {
            case .device(let name):
                let heading = model.device(name)?.heading ?? name
                out.append(ScreenLine(TextFit.fit(" " + heading, width: columns, unicode: unicode), .heading))
            case .notice(let text):
                out.append(ScreenLine(TextFit.fit("    " + TextFit.sanitize(text), width: columns, unicode: unicode)))
            case .row(let row):
                let selected = row == model.selection
                let text = "  " + rowText(model, row, width: columns - 2, unicode: unicode)
                out.append(ScreenLine(selected ? TextFit.pad(text, to: columns) : text, selected ? .selected : .normal))
            }
        }
        return out
    }

    /// `* Title`, `  Title (no tries left)`, `  Submenu title >`.
    private static func rowText(_ model: MenuModel, _ row: MenuRow, width: Int, unicode: Bool) -> String {
        switch row {
        case .entry(let k):
            let e = model.entry(k)
            let mark = k == model.defaultKey ? "* " : "  "
            let suffix = e?.isBad == true ? " (no tries left)" : ""
            let room = width - 2 - TextFit.width(suffix)
            return mark + TextFit.fit(k.title, width: room, unicode: unicode) + suffix
        case .submenu(let volume, let path):
            let holdsDefault = model.defaultKey.map { $0.volume == volume && $0.submenu.starts(with: path) } ?? false
            let mark = holdsDefault ? "* " : "  "
            return mark + TextFit.fit(path.last ?? "", width: width - 4, unicode: unicode) + " >"
        case .encrypted(let node):
            let title = model.lockedVolumes.first { $0.node == node }?.title ?? "Encrypted: \(node)"
            return "  " + TextFit.fit(TextFit.sanitize(title), width: width - 2, unicode: unicode)
        }
    }

    /// `Unlock Encrypted: …`, the device, and the passphrase field (a star per character).
    private static func passphraseBody(_ model: MenuModel, _ form: PassphraseForm, height: Int, columns: Int, unicode: Bool)
        -> ([ScreenLine], (row: Int, column: Int)?) {
        func line(_ text: String, _ style: LineStyle = .normal) -> ScreenLine {
            ScreenLine(TextFit.fit(text, width: columns, unicode: unicode), style)
        }
        var lines: [ScreenLine] = []
        lines.append(line(" Unlock " + TextFit.sanitize(form.volume.title), .heading))
        var device = "   " + form.volume.node + "  LUKS  UUID " + TextFit.sanitize(form.volume.uuid)
        if let size = form.volume.size { device += "  " + MenuDevice.formatSize(size) }
        lines.append(line(device))
        lines.append(ScreenLine(""))
        let labelWidth = 13
        let room = max(1, columns - labelWidth - 1)
        let stars = String(repeating: "*", count: min(form.length, room))
        lines.append(ScreenLine(TextFit.pad(" Passphrase:", to: labelWidth) + stars, .focused))
        let wait = model.unlockWaitSeconds
        if wait > 0 {
            lines.append(ScreenLine(""))
            lines.append(line(" Wait \(wait) s before the next try."))
        }
        // On a short terminal the explanation goes first: the field always shows.
        let fieldAt = 3
        let dropped = max(0, min(fieldAt, lines.count - height))
        lines.removeFirst(dropped)
        var cursor: (row: Int, column: Int)? = wait == 0 ? (fieldAt - dropped, labelWidth + stars.count) : nil
        if let c = cursor, c.row >= height || c.column >= columns { cursor = nil }
        return (Array(lines.prefix(height)), cursor)
    }

    private static func textBody(_ model: MenuModel, height: Int, columns: Int, unicode: Bool) -> [ScreenLine] {
        let lines = TextScreens.lines(for: model, columns: columns)
        let first = min(max(0, model.scroll), max(0, lines.count - height))
        return lines[first..<min(lines.count, first + height)].map {
            ScreenLine(TextFit.fit(" " + $0, width: columns, unicode: unicode))
        }
    }

    private static func editBody(_ model: MenuModel, _ form: EditForm, height: Int, columns: Int, unicode: Bool)
        -> ([ScreenLine], (row: Int, column: Int)?) {
        var lines: [ScreenLine] = []
        var cursor: (row: Int, column: Int)?
        let title = model.entry(form.entry)?.title ?? form.entry.title
        lines.append(ScreenLine(TextFit.fit(" Editing: " + title, width: columns, unicode: unicode), .heading))
        lines.append(ScreenLine(""))
        let labelWidth = 11
        let fieldWidth = max(8, columns - labelWidth - 1)
        let fields: [(EditForm.Field, String)] = [(.kernel, "Kernel:"), (.initrds, "Initrds:"), (.cmdline, "Cmdline:")]
        for (field, name) in fields {
            guard let buffer = form.buffer(field) else { continue }
            let chars = buffer.characters.map { editCell($0, unicode: unicode) }
            let focused = form.focus == field
            let chunkCount = focused ? chars.count / fieldWidth + 1 : max(1, (chars.count + fieldWidth - 1) / fieldWidth)
            for chunk in 0..<chunkCount {
                let start = chunk * fieldWidth
                let part = start < chars.count ? chars[start..<min(chars.count, start + fieldWidth)].joined() : ""
                let label = chunk == 0 ? TextFit.pad(" " + name, to: labelWidth) : String(repeating: " ", count: labelWidth)
                lines.append(ScreenLine(label + part, focused ? .focused : .normal))
            }
            if focused {
                let row = lines.count - chunkCount + buffer.cursor / fieldWidth
                cursor = (row, labelWidth + buffer.cursor % fieldWidth)
            }
        }
        lines.append(ScreenLine(""))
        let tick = form.resetDevices ? "[x]" : "[ ]"
        let focusedTick = form.focus == .resetDevices
        lines.append(ScreenLine(TextFit.fit(" \(tick) reset_devices (Space): the next kernel's drivers reset the hardware", width: columns, unicode: unicode),
                                focusedTick ? .focused : .normal))
        if focusedTick { cursor = (lines.count - 1, 2) }
        // Scroll so the cursor stays on screen.
        var first = 0
        if let c = cursor, c.row >= height { first = c.row - height + 1 }
        let shown = Array(lines[first..<min(lines.count, first + height)])
        return (shown, cursor.map { ($0.row - first, $0.column) })
    }

    /// The login screen: what needs the password and whose users may give it, the user
    /// name as typed, and the password field, which shows nothing of what is typed.
    private static func loginBody(_ model: MenuModel, _ form: LoginForm, height: Int, columns: Int, unicode: Bool)
        -> ([ScreenLine], (row: Int, column: Int)?) {
        func line(_ text: String, _ style: LineStyle = .normal) -> ScreenLine {
            ScreenLine(TextFit.fit(text, width: columns, unicode: unicode), style)
        }
        var lines: [ScreenLine] = []
        lines.append(line(" To " + TextFit.sanitize(form.action.summary) + ", log in as", .heading))
        if let check = form.checks.first {
            var who = check.domain.superusers.isEmpty ? "" : "a superuser"
            if !check.users.isEmpty { who += (who.isEmpty ? "" : " or ") + "one of: " + check.users.joined(separator: ", ") }
            if who.isEmpty { who = "nobody (no superusers are set)" }
            lines.append(line("   " + who))
            lines.append(line("   of " + TextFit.sanitize(check.domain.owner)))
        }
        lines.append(ScreenLine(""))
        let labelWidth = 12
        let userText = TextFit.fit(TextFit.sanitize(form.user), width: max(1, columns - labelWidth - 1), unicode: unicode)
        lines.append(ScreenLine(TextFit.pad(" User name:", to: labelWidth) + userText, form.focus == .user ? .focused : .normal))
        lines.append(ScreenLine(TextFit.pad(" Password:", to: labelWidth), form.focus == .password ? .focused : .normal))
        let wait = model.loginWaitSeconds
        if wait > 0 {
            lines.append(ScreenLine(""))
            lines.append(line(" Wait \(wait) s before the next try."))
        }
        // On a short terminal the explanation goes first: the two fields always show.
        let fieldsAt = lines.count - (wait > 0 ? 4 : 2)
        let dropped = max(0, min(fieldsAt, lines.count - height))
        lines.removeFirst(dropped)
        var cursor: (row: Int, column: Int)?
        if wait == 0 {
            cursor = form.focus == .user ? (fieldsAt - dropped, labelWidth + TextFit.width(userText))
                                         : (fieldsAt - dropped + 1, labelWidth)
        }
        let shown = Array(lines.prefix(height))
        if let c = cursor, c.row >= height { cursor = nil }
        return (shown, cursor)
    }

    private static func editCell(_ c: Character, unicode: Bool) -> String {
        let safe = TextFit.sanitize(String(c))
        if unicode && TextFit.width(c) == 1 { return safe }
        let a = TextFit.ascii(safe)
        return a.count == 1 ? a : "?"
    }
}
