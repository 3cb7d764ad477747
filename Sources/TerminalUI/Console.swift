#if canImport(Glibc)
import Glibc
#endif
import BootMenu
import CNcursesw
import LinuxSystem

/// Why a terminal cannot carry the menu.
public struct ConsoleError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One terminal the menu is drawn on. ncurses draws (one `SCREEN` per terminal, made
/// with `newterm`: never `initscr`, which exits the process on an unknown TERM); keys
/// are read as raw bytes and decoded by `KeyDecoder`, so vt100/vt220/xterm/linux
/// sequences work whatever terminfo says, with a 25 ms escape delay.
public final class Console {
    /// The name shown to other consoles (`ttyS0`, `tty0`, `terminal`).
    public let name: String
    public let inputFD: Int32
    public let outputFD: Int32
    /// The terminfo entry in use.
    public private(set) var terminalType: String
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Whether text is drawn in UTF-8 (else in ASCII).
    public let unicode: Bool
    /// Whether the size must still be asked of the terminal (done before the first draw,
    /// so a menu that is never drawn never asks).
    private var sizeUnknown = false
    /// Whether a size request was sent and not answered yet.
    private var awaitingSize = false
    /// Whether the terminal is asked its size (the tty had none: a serial line).
    private let asksSize: Bool
    var decoder = KeyDecoder()
    /// When an incomplete escape sequence started (for the escape delay).
    var escapeSince: Int64?
    /// Whether the terminal's scroll region must be set to the whole screen before the
    /// next draw (the size changed, or other output may have moved it).
    private var regionStale = false
    /// Whether `draw` ran once (curses then set its scroll region).
    private var drawn = false
    /// Set when the terminal hung up.
    public private(set) var isClosed = false

    private var screen: OpaquePointer?
    private let output: UnsafeMutablePointer<FILE>
    private let input: UnsafeMutablePointer<FILE>
    private let savedFlags: Int32

    /// Sets up ncurses on a terminal.
    ///
    /// - Parameters:
    ///   - terminalTypes: terminfo names to try in order.
    ///   - unicodeLocale: whether a UTF-8 locale is active (UTF-8 is then drawn where
    ///     the terminal type can show it).
    ///   - askSize: ask the terminal for its size when the tty has none (serial lines),
    ///     before the first draw; the answer arrives with the keys and resizes the menu.
    ///     Until then, and when it never answers, 80x24.
    public init(name: String, inputFD: Int32, outputFD: Int32, terminalTypes: [String],
                unicodeLocale: Bool, askSize: Bool) throws(ConsoleError) {
        self.name = name
        self.inputFD = inputFD
        self.outputFD = outputFD
        asksSize = askSize && TerminalSize.windowSize(outputFD) == nil
        if let size = TerminalSize.windowSize(outputFD) {
            (rows, columns) = size
        } else {
            (rows, columns) = (24, 80)
            sizeUnknown = askSize
            TerminalSize.setWindowSize(outputFD, rows: rows, columns: columns)
        }
        guard let out = fdopen(dup(outputFD), "w") else {
            throw ConsoleError(description: "\(name): cannot open for writing: \(String(cString: strerror(errno)))")
        }
        guard let inp = fdopen(dup(inputFD), "r") else {
            fclose(out)
            throw ConsoleError(description: "\(name): cannot open for reading: \(String(cString: strerror(errno)))")
        }
        output = out
        input = inp
        var chosen: String?
        for type in terminalTypes {
            if let s = type.withCString({ newterm(UnsafeMutablePointer(mutating: $0), out, inp) }) {
                screen = s
                chosen = type
                break
            }
        }
        guard let type = chosen else {
            fclose(out)
            fclose(inp)
            throw ConsoleError(description: "\(name): no terminfo entry for any of \(terminalTypes.joined(separator: ", "))")
        }
        terminalType = type
        unicode = unicodeLocale && ConsoleName.drawsUnicode(terminalType: type)
        savedFlags = fcntl(inputFD, F_GETFL)
        _ = fcntl(inputFD, F_SETFL, savedFlags | O_NONBLOCK)
        select()
        raw()
        noecho()
        nonl()
        set_escdelay(25)
        resize_term(Int32(rows), Int32(columns))
    }

    private func select() {
        if let screen { _ = set_term(screen) }
    }

    /// Sends the size request if it is still to be sent (never waits for the answer).
    public func requestSizeIfNeeded() {
        guard sizeUnknown, !isClosed else { return }
        sizeUnknown = false
        awaitingSize = true
        TerminalSize.request(output: outputFD)
    }

    /// Takes the terminal's answer to the size request; returns whether the size changed.
    /// A cursor report nobody asked for (or a modified F3 key, `ESC [ 1 ; 5 R`) is ignored.
    @discardableResult
    public func sizeReported(row: Int, column: Int) -> Bool {
        guard awaitingSize, row > 1, column > 1, !isClosed else { return false }
        awaitingSize = false
        guard (row, column) != (rows, columns) else { return false }
        (rows, columns) = (row, column)
        TerminalSize.setWindowSize(outputFD, rows: rows, columns: columns)
        applySize()
        return true
    }

    /// Gives curses the new size and makes the next `draw` repaint the whole terminal.
    /// ncurses set the terminal's scroll region for the size it started with (`csr`, 24
    /// rows on a serial line) and `resize_term` keeps it; its cursor moves down (`ESC [ n
    /// B`) stop at that region's bottom, so on a taller terminal the status and help
    /// lines would land on the wrong rows. So the next `draw` first sets the region to the
    /// whole new screen (written straight to the terminal: curses flushed its output at
    /// the end of the previous draw) and repaints from a cleared screen, which places the
    /// cursor anew.
    private func applySize() {
        select()
        resize_term(Int32(rows), Int32(columns))
        regionStale = true
        clearok(curscr, true)
    }

    /// Sets the terminal's scroll region to every row (where it has `csr`). Called by
    /// `draw` before a whole repaint, so never while the menu is hidden (`csr` homes
    /// the cursor behind curses' back, and kernel messages would print from there).
    private func setWholeScrollRegion() {
        guard let sequence = cncursesw_scroll_region(0, Int32(rows - 1)) else { return }
        let bytes = TerminalSize.withoutPadding(Array(String(cString: sequence).utf8))
        _ = try? FileDescriptor(rawValue: outputFD).writeAll(bytes)
    }

    /// Paints a screen image.
    public func draw(_ image: ScreenImage) {
        guard !isClosed else { return }
        select()
        if regionStale && drawn {
            regionStale = false
            setWholeScrollRegion()
        }
        paint(image)
        if !drawn {
            drawn = true
            // curses sets the scroll region for its starting size in its first update;
            // when the size changed before that, it is set again and painted whole.
            if regionStale {
                regionStale = false
                setWholeScrollRegion()
                clearok(curscr, true)
                paint(image)
            }
        }
    }

    private func paint(_ image: ScreenImage) {
        werase(stdscr)
        for (row, line) in image.lines.enumerated() where row < rows {
            _ = cncursesw_set_attributes(stdscr, Self.attributes(line.style))
            var text = line.text
            // Writing the bottom-right cell would scroll some terminals.
            if row == rows - 1 && TextFit.width(text) >= columns { text = TextFit.truncate(text, width: columns - 1, unicode: unicode) }
            _ = mvwaddstr(stdscr, Int32(row), 0, text)
        }
        _ = cncursesw_set_attributes(stdscr, cncursesw_attr_normal())
        if let c = image.cursor, c.row < rows {
            curs_set(1)
            wmove(stdscr, Int32(c.row), Int32(min(c.column, columns - 1)))
        } else {
            curs_set(0)
            wmove(stdscr, Int32(rows - 1), 0)
        }
        wnoutrefresh(stdscr)
        doupdate()
    }

    private static func attributes(_ style: LineStyle) -> Int32 {
        switch style {
        case .titleBar, .selected: return cncursesw_attr_reverse()
        case .heading, .focused, .status: return cncursesw_attr_bold()
        case .normal, .help: return cncursesw_attr_normal()
        }
    }

    /// Makes the next `draw` repaint the whole terminal (after other output mixed in,
    /// which may also have changed its scroll region); a terminal without a tty size is
    /// asked its size again (it may have been resized).
    public func invalidate() {
        guard !isClosed else { return }
        if asksSize { sizeUnknown = true }
        if drawn { regionStale = true }
        select()
        clearok(curscr, true)
    }

    /// Re-reads the tty's size (after SIGWINCH, or on a repaint request); returns whether
    /// it changed.
    @discardableResult
    public func refreshSize() -> Bool {
        guard !isClosed, let size = TerminalSize.windowSize(outputFD), size != (rows, columns) else { return false }
        (rows, columns) = size
        applySize()
        return true
    }

    /// Reads what the terminal sent (never blocks); call when poll said it is readable.
    /// Sets `isClosed` on hang-up: end of file at once, or a read error.
    func readInput(now: Int64) -> [TerminalInput] {
        var out: [TerminalInput] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        var first = true
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(inputFD, $0.baseAddress, $0.count) }
            if n > 0 {
                out += decoder.feed(buffer[0..<n])
                first = false
                continue
            }
            // 0 after some bytes only means "no more now" (a tty with VMIN 0).
            if (n == 0 && first) || (n < 0 && errno != EAGAIN && errno != EINTR && errno != EWOULDBLOCK) { isClosed = true }
            break
        }
        escapeSince = decoder.isPending ? (escapeSince ?? now) : nil
        return out
    }

    /// Ends a lone Esc once the escape delay has passed.
    func flushEscape(now: Int64, delay: Int64) -> [TerminalInput] {
        guard let since = escapeSince, now - since >= delay else { return [] }
        escapeSince = nil
        return decoder.flush()
    }

    /// Gives the terminal back (shell mode) until `resume`.
    public func suspend() {
        guard !isClosed else { return }
        select()
        endwin()
        resetScrollRegion()
        _ = fcntl(inputFD, F_SETFL, savedFlags)
    }

    /// Takes the terminal again after `suspend`.
    public func resume() {
        guard !isClosed else { return }
        _ = fcntl(inputFD, F_SETFL, savedFlags | O_NONBLOCK)
        select()
        raw()
        noecho()
        nonl()
        clearok(curscr, true)
    }

    /// Leaves curses for good: restores the terminal's modes and file flags.
    public func close() {
        guard let s = screen else { return }
        select()
        endwin()
        resetScrollRegion()
        delscreen(s)
        screen = nil
        fclose(output)
        fclose(input)
        _ = fcntl(inputFD, F_SETFL, savedFlags)
    }

    /// ncurses sets the scroll region for the size it assumed at start (24 rows on a
    /// serial line) and keeps it when the terminal reports a larger one; whoever writes
    /// after us (a shell, the next kernel) would see its lines overwrite one another at
    /// the bottom. So: the whole screen scrolls again, the cursor on the last line.
    private func resetScrollRegion() {
        guard let csr = tigetstr("csr"), Int(bitPattern: csr) != -1, csr.pointee == 0x1B else { return }
        _ = try? FileDescriptor(rawValue: outputFD).writeAll(Array("\u{1B}[r\u{1B}[999;1H".utf8))
    }

    deinit { close() }
}
