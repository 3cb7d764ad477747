/// GRUB's names for disks and partitions: `hdN` for the Nth whole disk, `hdN,gptM` or
/// `hdN,msdosM` for partition M on it.
public enum GrubDeviceNames {
    /// A block device as far as naming goes.
    public struct Device: Sendable, Equatable {
        /// Kernel name (`vda2`).
        public var name: String
        /// Kernel name of the whole disk a partition is on; nil for whole disks.
        public var disk: String?
        /// Partition table scheme from blkid's PART_ENTRY_SCHEME (`gpt`, `dos`).
        public var scheme: String?
        /// Partition number (PART_ENTRY_NUMBER, else sysfs `partition`).
        public var number: Int?

        public init(name: String, disk: String? = nil, scheme: String? = nil, number: Int? = nil) {
            self.name = name
            self.disk = disk
            self.scheme = scheme
            self.number = number
        }
    }

    /// Names every device. Whole disks are numbered in the order given; a partition whose
    /// disk is not in the list gets a disk number after all listed disks. Numbering starts
    /// at `firstDisk`.
    public static func assign(_ devices: [Device], firstDisk: Int = 0) -> [String: String] {
        var diskNumbers: [String: Int] = [:]
        for device in devices where device.disk == nil {
            diskNumbers[device.name] = firstDisk + diskNumbers.count
        }
        var names: [String: String] = [:]
        for device in devices {
            guard let disk = device.disk else {
                names[device.name] = "hd\(diskNumbers[device.name]!)"
                continue
            }
            if diskNumbers[disk] == nil { diskNumbers[disk] = firstDisk + diskNumbers.count }
            let hd = "hd\(diskNumbers[disk]!)"
            guard let number = device.number else {
                names[device.name] = hd
                continue
            }
            let prefix: String
            switch device.scheme {
            case "gpt": prefix = "gpt"
            case "dos": prefix = "msdos"
            default: prefix = ""
            }
            names[device.name] = "\(hd),\(prefix)\(number)"
        }
        return names
    }

    /// Orders kernel names as people expect: `vda` < `vdb`, `nvme0n1p2` < `nvme0n1p10`.
    public static func naturalOrder(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var x = i.next(), y = j.next()
        while let cx = x, let cy = y {
            if cx.properties.numericType != nil && cy.properties.numericType != nil {
                var nx = "", ny = ""
                while let c = x, c.properties.numericType != nil { nx.unicodeScalars.append(c); x = i.next() }
                while let c = y, c.properties.numericType != nil { ny.unicodeScalars.append(c); y = j.next() }
                if nx.count != ny.count { return nx.count < ny.count }
                if nx != ny { return nx < ny }
                continue
            }
            if cx != cy { return cx.value < cy.value }
            x = i.next(); y = j.next()
        }
        return x == nil && y != nil
    }
}
