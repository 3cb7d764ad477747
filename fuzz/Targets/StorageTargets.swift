@testable import Storage

/// Targets over the on-disk formats of server storage (docs/storage.md): what a member
/// disk holds is as hostile as any config.
enum StorageTargets {
    /// md superblocks: the input as up to four 4 KiB blocks, each parsed as every
    /// format; the valid ones are planned into arrays as members of one scan.
    static func mdSuperblock(_ bytes: [UInt8]) {
        var members: [MDArrayPlan.Member] = []
        var start = 0
        while start < bytes.count && members.count < 4 {
            let block = Array(bytes[start..<min(start + 4096, bytes.count)])
            for version in MDSuperblock.Version.all {
                if let sb = try? MDSuperblock.parse(block, version: version) {
                    _ = sb.uuidText
                    members.append(.init(node: "/dev/fuzz\(members.count)", superblock: sb))
                }
                _ = version.offset(deviceSize: UInt64(bytes.count) << 12)
            }
            start += 4096
        }
        for plan in MDArrayPlan.plan(members) {
            _ = plan.missingSlots
            _ = plan.refusal
        }
    }
}
