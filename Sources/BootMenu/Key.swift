/// A key press, decoded from terminal bytes.
public enum Key: Hashable, Sendable {
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, backspace, delete, insert, tab, backTab
    /// F1 ... F12.
    case function(Int)
    /// A control chord with a letter (`.control("a")` is Ctrl-A); lowercase.
    case control(Character)
    /// A printable character (any Unicode grapheme).
    case character(Character)
}

/// What a terminal sends: a key, or its answer to a cursor-position request (`ESC [ 6 n`).
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    /// 1-based row and column the terminal reported.
    case cursorPosition(row: Int, column: Int)
}
