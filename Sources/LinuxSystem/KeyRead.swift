#if canImport(Glibc)
import Glibc
#endif

extension FileDescriptor {
    /// Reads one key press: a terminal is switched out of line mode (no Enter needed, no
    /// echo) for the read and restored after. Nil at end of input or on error.
    public func readKeyPress() -> UInt8? {
        var saved = termios()
        let isTerminal = tcgetattr(rawValue, &saved) == 0
        if isTerminal {
            var single = saved
            single.c_lflag &= ~tcflag_t(ICANON | ECHO)
            // One byte at a time, waiting as long as it takes.
            withUnsafeMutableBytes(of: &single.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
            _ = tcsetattr(rawValue, TCSANOW, &single)
        }
        defer { if isTerminal { _ = tcsetattr(rawValue, TCSANOW, &saved) } }
        return try? read(upTo: 1).first
    }
}
