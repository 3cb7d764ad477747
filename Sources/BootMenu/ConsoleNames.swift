/// Which terminals the menu runs on, from `/sys/class/tty/console/active`.
public struct ConsoleName: Sendable, Equatable {
    /// The kernel's name (`tty0`, `ttyS0`, `hvc0`).
    public var name: String
    /// The device to open: `/dev/tty0` (the foreground virtual terminal) is opened as
    /// `/dev/tty1`, the first VT, which is where it points at boot.
    public var devicePath: String
    /// Whether it is a serial line (or hypervisor console), not a virtual terminal.
    public var isSerial: Bool

    public init(_ name: String) {
        self.name = name
        let isVT = name.hasPrefix("tty") && name.dropFirst(3).allSatisfy(\.isNumber) && name.count > 3
        isSerial = !isVT
        devicePath = "/dev/" + (name == "tty0" ? "tty1" : name)
    }

    /// The consoles listed in the `active` file's text (`tty0 ttyS0`), in order, without
    /// duplicates (`console=ttyS0 console=ttyS0`).
    public static func parse(_ text: String) -> [ConsoleName] {
        var out: [ConsoleName] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            let c = ConsoleName(String(word))
            if !out.contains(where: { $0.devicePath == c.devicePath }) { out.append(c) }
        }
        return out
    }

    /// Terminal types to try, best first: `TERM=` from the kernel command line for a
    /// serial line, else `vt220` on serial and `linux` on virtual terminals; then plainer
    /// ones that every terminfo has.
    public func terminalTypes(commandLineTerm: String?) -> [String] {
        var out: [String] = []
        if isSerial, let t = commandLineTerm, !t.isEmpty { out.append(t) }
        out += isSerial ? ["vt220", "vt102", "vt100"] : ["linux", "vt102", "vt100"]
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// Whether a terminal of this type can show UTF-8 text (given a UTF-8 locale): the
    /// DEC vt terminals cannot; xterm-likes and the Linux console can.
    public static func drawsUnicode(terminalType: String) -> Bool {
        let t = terminalType.lowercased()
        if t.hasPrefix("vt") || t == "dumb" || t == "ansi" { return false }
        return true
    }
}
