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

    /// An LVM2 physical volume's start: the label, each metadata area's header and the
    /// current text (wrap-around included) found inside the input, checksums checked,
    /// then the text parsed into a volume group and planned with every PV present. The
    /// input is also parsed as metadata text directly, so the text parser is reached
    /// without a valid label.
    static func lvmMetadata(_ bytes: [UInt8]) {
        var texts: [[UInt8]] = [bytes]
        if let label = try? LVMLabel.parse(Array(bytes.prefix(2048))) {
            _ = label.pvUUIDText
            for area in label.metadataAreas.prefix(4) {
                guard area.offset < UInt64(bytes.count), UInt64(bytes.count) - area.offset >= 512 else { continue }
                let header = Array(bytes[Int(area.offset)..<Int(area.offset) + 512])
                guard let location = try? LVMLabel.textLocation(header: header, area: area) else { continue }
                var text: [UInt8] = []
                for range in location.ranges {
                    guard range.offset <= UInt64(bytes.count), range.size <= UInt64(bytes.count) - range.offset else { break }
                    text += bytes[Int(range.offset)..<Int(range.offset + range.size)]
                }
                if (try? LVMLabel.verify(text, location)) != nil { texts.append(text) }
            }
        }
        for text in texts {
            guard let config = try? LVMConfigSection.parse(text),
                  let group = try? LVMVolumeGroup.parse(config) else { continue }
            var devices: [String: String] = [:]
            for (i, pv) in group.physicalVolumes.enumerated() { devices[pv.uuid] = "/dev/fuzz\(i)" }
            let plan = LVMPlan.plan(group, devices: devices)
            _ = plan
        }
    }
}
