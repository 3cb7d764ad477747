/// A physical address range, end exclusive.
public struct MemoryRange: Sendable, Equatable, CustomStringConvertible {
    public var start: UInt64
    public var end: UInt64

    public init(start: UInt64, end: UInt64) {
        self.start = start
        self.end = end
    }

    public var size: UInt64 { end - start }

    public var description: String { "\(hex(start))-\(hex(end - 1))" }
}

/// One entry of the BIOS e820 table handed to the next kernel in boot_params.
public struct E820Entry: Sendable, Equatable {
    public var address: UInt64
    public var size: UInt64
    /// 1 RAM, 2 reserved, 3 ACPI data, 4 ACPI NVS, 5 unusable, 7 persistent memory,
    /// 12 legacy persistent memory, 0xefffffff soft reserved.
    public var type: UInt32

    public init(address: UInt64, size: UInt64, type: UInt32) {
        self.address = address
        self.size = size
        self.type = type
    }

    /// The e820 type for a `/sys/firmware/memmap/N/type` string (as the kernel's
    /// `e820_type_to_string` writes it); unknown strings are reserved.
    public static func type(named name: String) -> UInt32 {
        switch name.trimmingBlanks() {
        case "System RAM": return 1
        case "ACPI Tables": return 3
        case "ACPI Non-volatile Storage": return 4
        case "Unusable memory": return 5
        case "Persistent Memory (legacy)": return 12
        case "Persistent Memory": return 7
        case "Soft Reserved": return 0xefff_ffff
        default: return 2
        }
    }

    /// Builds the table from `/sys/firmware/memmap` entries: (start, end inclusive, type
    /// text), sorted by address. The zero page holds the first 128; `BootParams` puts
    /// the rest in `SETUP_E820_EXT` setup_data.
    public static func table(fromFirmwareMap entries: [(start: UInt64, end: UInt64, type: String)]) -> [E820Entry] {
        let sorted = entries.sorted { $0.start < $1.start }
        return sorted.map {
            E820Entry(address: $0.start, size: $0.end &- $0.start &+ 1, type: type(named: $0.type))
        }
    }
}

/// `/proc/iomem` read as the RAM a kexec image may be placed in.
public enum IOMem {
    /// The top-level `System RAM` ranges of `/proc/iomem` text, minus any `Crash
    /// kernel` region nested in them. Needs root: others see every address as 0, and
    /// then no range is returned.
    public static func systemRAM(_ text: String) -> [MemoryRange] {
        var ram: [MemoryRange] = []
        var excluded: [MemoryRange] = []
        for line in text.split(separator: "\n") {
            let indented = line.first == " "
            let trimmed = line.drop { $0 == " " }
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let span = trimmed[..<colon].trimmingBlanks().split(separator: "-")
            let name = String(trimmed[trimmed.index(after: colon)...]).trimmingBlanks()
            guard span.count == 2, let s = UInt64(span[0], radix: 16), let e = UInt64(span[1], radix: 16),
                  e > s else { continue }
            let range = MemoryRange(start: s, end: e + 1)
            if !indented && name == "System RAM" {
                ram.append(range)
            } else if name == "Crash kernel" {
                excluded.append(range)
            }
        }
        return excluded.reduce(ram) { subtract($1, from: $0) }
    }

    /// The top-level memory-map ranges of `/proc/iomem` (RAM, reserved, ACPI), in the
    /// `/sys/firmware/memmap` form: the e820 table when the kernel has no
    /// CONFIG_FIRMWARE_MEMMAP. Device windows (`PCI Bus …`) are left out.
    public static func firmwareEntries(_ text: String) -> [(start: UInt64, end: UInt64, type: String)] {
        let kept: Set<String> = ["System RAM", "Reserved", "reserved", "ACPI Tables", "ACPI Non-volatile Storage",
                                 "Unusable memory", "Persistent Memory", "Persistent Memory (legacy)", "Soft Reserved"]
        var out: [(start: UInt64, end: UInt64, type: String)] = []
        for line in text.split(separator: "\n") where line.first != " " {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let span = line[..<colon].trimmingBlanks().split(separator: "-")
            let name = String(line[line.index(after: colon)...]).trimmingBlanks()
            guard kept.contains(name), span.count == 2, let s = UInt64(span[0], radix: 16),
                  let e = UInt64(span[1], radix: 16), e > s else { continue }
            out.append((s, e, name))
        }
        return out
    }

    /// `ranges` without `cut`.
    static func subtract(_ cut: MemoryRange, from ranges: [MemoryRange]) -> [MemoryRange] {
        var out: [MemoryRange] = []
        for r in ranges {
            if cut.end <= r.start || cut.start >= r.end { out.append(r); continue }
            if r.start < cut.start { out.append(MemoryRange(start: r.start, end: cut.start)) }
            if cut.end < r.end { out.append(MemoryRange(start: cut.end, end: r.end)) }
        }
        return out
    }
}

/// `0x` and lowercase hex digits.
func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

extension StringProtocol {
    /// The text without leading and trailing blanks, tabs and newlines.
    func trimmingBlanks() -> String {
        func blank(_ c: Character) -> Bool { c == " " || c == "\n" || c == "\t" }
        var start = startIndex
        var end = endIndex
        while start < end, blank(self[start]) { start = index(after: start) }
        while end > start, blank(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
