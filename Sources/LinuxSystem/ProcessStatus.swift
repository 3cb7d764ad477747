/// Fields of `/proc/self/status` (proc(5)): the memory figures the kernel keeps per process.
public enum ProcessStatus {
    /// The value in KiB of a `Name:   1234 kB` line of a status text, nil when the
    /// field is missing or not a number.
    public static func kibibytes(_ field: String, in status: String) -> Int? {
        for line in status.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), line[..<colon] == field else { continue }
            let words = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let number = words.first, let value = Int(number) else { return nil }
            return words.count > 1 && words[1] != "kB" ? nil : value
        }
        return nil
    }

    /// This process's peak resident set size (`VmHWM`) in KiB; nil when
    /// /proc/self/status cannot be read (no /proc) or has no such line.
    public static func peakResidentKiB() -> Int? {
        guard let text = try? FileSystem.readText("/proc/self/status") else { return nil }
        return kibibytes("VmHWM", in: text)
    }
}
