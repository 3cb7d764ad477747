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

    /// Asks the terminal its size: saves the cursor, moves it to 999;999 (it stops at
    /// the bottom-right corner), requests its position (`ESC [ 6 n`) and restores it. The
    /// answer, `ESC [ rows ; columns R`, arrives with the keys.
    public static func request(output: Int32) {
        _ = try? FileDescriptor(rawValue: output).writeAll(Array("\u{1B}7\u{1B}[999;999H\u{1B}[6n\u{1B}8".utf8))
    }

    /// A terminfo string without its padding specifications (`$<5>`, `$<2*/>`), which
    /// are delays for curses to make, not bytes for the terminal.
    public static func withoutPadding(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "<"),
               let end = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) {
                i = end + 1
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
