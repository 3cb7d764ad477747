/// A GRUB block list file name: `[(DEVICE)]START+LENGTH[,START+LENGTH]…`, in 512-byte
/// sectors from the start of the device (a partition: from the partition's start). SUSE's
/// GRUB keeps its environment in the btrfs reserved area this way (`env_block=512+1`).
public struct GrubBlockList: Sendable, Equatable {
    /// One run of sectors.
    public struct Run: Sendable, Equatable {
        public var start: UInt64
        public var count: UInt64

        public init(start: UInt64, count: UInt64) {
            self.start = start
            self.count = count
        }
    }

    public static let sectorSize: UInt64 = 512

    /// The device inside the parentheses (`""` for `()`); nil when the name has none.
    public var device: String?
    public var runs: [Run]

    public init(device: String?, runs: [Run]) {
        self.device = device
        self.runs = runs
    }

    /// Parses a block list; nil for anything else (a path, or a start with no length,
    /// which GRUB would read to the device's end).
    public static func parse(_ spec: String) -> GrubBlockList? {
        var name = Substring(spec)
        var device: String?
        if name.hasPrefix("(") {
            guard let close = name.firstIndex(of: ")") else { return nil }
            device = String(name[name.index(after: name.startIndex)..<close])
            name = name[name.index(after: close)...]
        }
        var runs: [Run] = []
        for part in name.split(separator: ",", omittingEmptySubsequences: false) {
            let fields = part.split(separator: "+", omittingEmptySubsequences: false)
            guard fields.count == 2, let count = UInt64(fields[1]), count > 0 else { return nil }
            // `+N` starts at sector 0.
            guard let start = fields[0].isEmpty ? 0 : UInt64(fields[0]) else { return nil }
            guard fields[0].allSatisfy(\.isASCII), fields[1].allSatisfy(\.isASCII) else { return nil }
            runs.append(Run(start: start, count: count))
        }
        return runs.isEmpty ? nil : GrubBlockList(device: device, runs: runs)
    }

    /// The runs as GRUB writes them, without the device: `512+1,600+2`.
    public var sectors: String {
        runs.map { "\($0.start)+\($0.count)" }.joined(separator: ",")
    }

    /// The runs in bytes: where each starts on the device and how long it is.
    public var byteRuns: [(offset: UInt64, count: Int)] {
        runs.map { ($0.start * Self.sectorSize, Int($0.count * Self.sectorSize)) }
    }

    /// Total bytes named.
    public var byteCount: Int { byteRuns.reduce(0) { $0 + $1.count } }

    /// Reads the runs one after the other.
    public func read(from blocks: any BlockSource) throws(FileTreeError) -> [UInt8] {
        var out: [UInt8] = []
        for run in byteRuns {
            out += try blocks.read(offset: run.offset, count: run.count)
        }
        return out
    }
}
