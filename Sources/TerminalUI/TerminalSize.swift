#if canImport(Glibc)
import Glibc
#endif
import BootMenu
import LinuxSystem

/// A terminal's size: from the tty (`TIOCGWINSZ`), else asked of the terminal with a
/// cursor-position report (serial lines have no size), else 80x24.
public enum TerminalSize {
    /// The size the tty driver knows; nil when it knows none (0x0, as on serial lines).
    /// The corresponding C call is `ioctl(TIOCGWINSZ)`.
    public static func windowSize(_ fd: Int32) -> (rows: Int, columns: Int)? {
        var ws = winsize()
        guard (try? FileDescriptor(rawValue: fd).control(UInt(TIOCGWINSZ), &ws, name: "ioctl(TIOCGWINSZ)")) != nil,
              ws.ws_row > 0, ws.ws_col > 0 else { return nil }
        return (Int(ws.ws_row), Int(ws.ws_col))
    }

    /// Tells the tty driver the size (so ncurses and later programs see it).
    /// The corresponding C call is `ioctl(TIOCSWINSZ)`.
    public static func setWindowSize(_ fd: Int32, rows: Int, columns: Int) {
        var ws = winsize(ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = try? FileDescriptor(rawValue: fd).control(UInt(TIOCSWINSZ), &ws, name: "ioctl(TIOCSWINSZ)")
    }

    /// Asks the terminal: saves the cursor, moves it to 999;999 (it stops at the corner),
    /// requests its position (`ESC [ 6 n`) and restores it. Waits up to `timeout` ms for
    /// the answer. Keys typed meanwhile are returned in `typed`.
    public static func ask(input: Int32, output: Int32, timeout: Int64 = 400) -> (size: (rows: Int, columns: Int)?, typed: [Key]) {
        var saved = termios()
        let isTTY = tcgetattr(input, &saved) == 0
        if isTTY {
            var raw = saved
            cfmakeraw(&raw)
            tcsetattr(input, TCSANOW, &raw)
        }
        defer { if isTTY { tcsetattr(input, TCSANOW, &saved) } }
        let query = Array("\u{1B}7\u{1B}[999;999H\u{1B}[6n\u{1B}8".utf8)
        _ = try? FileDescriptor(rawValue: output).writeAll(query)
        var decoder = KeyDecoder()
        var typed: [Key] = []
        let deadline = MonotonicClock.milliseconds() + timeout
        while true {
            let left = deadline - MonotonicClock.milliseconds()
            if left <= 0 { break }
            guard let events = try? LinuxSystem.poll([(FileDescriptor(rawValue: input), .input)], timeout: Int32(left)),
                  events.first?.contains(.input) == true else { continue }
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            for item in decoder.feed(buffer[0..<n]) {
                switch item {
                case .cursorPosition(let row, let column) where row > 1 && column > 1:
                    return ((row, column), typed)
                case .cursorPosition:
                    break
                case .key(let k):
                    typed.append(k)
                }
            }
        }
        return (nil, typed)
    }
}
