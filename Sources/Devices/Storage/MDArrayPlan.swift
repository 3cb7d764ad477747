/// Which md arrays to start from the members found: members grouped by array UUID, the
/// most recent (highest event count) of each slot kept, stale and faulty ones left out.
/// Pure: the superblocks come from the devices, the plan goes to `MDAssembly`.
public struct MDArrayPlan: Equatable, Sendable {
    /// One member device and its superblock.
    public struct Member: Equatable, Sendable {
        public var node: String
        public var superblock: MDSuperblock
        public init(node: String, superblock: MDSuperblock) {
            self.node = node
            self.superblock = superblock
        }
    }

    /// The array's UUID as mdadm prints it.
    public var uuid: String
    public var version: MDSuperblock.Version
    public var level: Int
    public var raidDisks: Int
    /// Members to add, in slot order (spares last).
    public var members: [Member]
    /// Members left out, with why (stale event count, faulty, a second copy of a slot).
    public var leftOut: [(node: String, reason: String)]
    /// Why the array is not started at all (nil: it is started).
    public var refusal: String?

    /// Active slots with no member: a degraded array when > 0.
    public var missingSlots: Int {
        let present = Set(members.compactMap { m -> Int? in
            if case .active(let n) = m.superblock.role { return n } else { return nil }
        })
        return max(0, raidDisks - present.count)
    }

    /// Plans one array per UUID found among `members`, in the order each UUID first appears.
    public static func plan(_ members: [Member]) -> [MDArrayPlan] {
        var order: [[UInt8]] = []
        var byUUID: [[UInt8]: [Member]] = [:]
        for m in members {
            if byUUID[m.superblock.arrayUUID] == nil { order.append(m.superblock.arrayUUID) }
            byUUID[m.superblock.arrayUUID, default: []].append(m)
        }
        return order.map { planOne(byUUID[$0]!) }
    }

    private static func planOne(_ group: [Member]) -> MDArrayPlan {
        let newest = group.map(\.superblock.events).max() ?? 0
        let reference = group.first { $0.superblock.events == newest }!.superblock
        var chosen: [Member] = []
        var leftOut: [(node: String, reason: String)] = []
        var slots: Set<Int> = []
        for m in group {
            let sb = m.superblock
            if sb.version != reference.version {
                leftOut.append((m.node, "metadata \(sb.version), the array's is \(reference.version)"))
            } else if sb.events < newest {
                leftOut.append((m.node, "stale: events \(sb.events), the newest member has \(newest)"))
            } else if case .faulty = sb.role {
                leftOut.append((m.node, "marked faulty"))
            } else if case .journal = sb.role {
                leftOut.append((m.node, "a journal device"))
            } else if case .active(let n) = sb.role, !slots.insert(n).inserted {
                leftOut.append((m.node, "a second member for slot \(n)"))
            } else {
                chosen.append(m)
            }
        }
        chosen.sort { slotKey($0.superblock.role) < slotKey($1.superblock.role) }
        var plan = MDArrayPlan(uuid: reference.uuidText, version: reference.version, level: reference.level,
                               raidDisks: reference.raidDisks, members: chosen, leftOut: leftOut, refusal: nil)
        if reference.reshapePosition != nil {
            plan.refusal = "a reshape is in progress (read-only assembly cannot finish it)"
        } else if reference.personalityModule == nil {
            plan.refusal = "RAID level \(reference.level) not supported"
        } else if plan.missingSlots > tolerated(level: reference.level, raidDisks: reference.raidDisks) {
            plan.refusal = "\(plan.missingSlots) of \(reference.raidDisks) members missing"
        }
        return plan
    }

    /// Members an array of `level` can lose and still be read.
    static func tolerated(level: Int, raidDisks: Int) -> Int {
        switch level {
        case 1: max(0, raidDisks - 1)
        case 4, 5: 1
        case 6: 2
        case 10: 1  // the near=2 layout; the kernel refuses what it cannot serve
        default: 0
        }
    }

    private static func slotKey(_ role: MDSuperblock.Role) -> Int {
        if case .active(let n) = role { return n }
        return Int.max
    }

    public static func == (a: MDArrayPlan, b: MDArrayPlan) -> Bool {
        a.uuid == b.uuid && a.version == b.version && a.level == b.level && a.raidDisks == b.raidDisks
            && a.members == b.members && a.refusal == b.refusal
            && a.leftOut.map(\.node) == b.leftOut.map(\.node) && a.leftOut.map(\.reason) == b.leftOut.map(\.reason)
    }
}
