import BootConfig
import LinuxSystem

/// The `--fs SPEC` and `PATH` arguments shared by `entries` and `menu`.
struct VolumeArguments {
    struct Spec {
        var dir: String
        var uuid: String?
        var label: String?
        var partUUID: String?
        var partLabel: String?
        var fsType: String?
    }

    var specs: [Spec] = []

    /// Takes `args[i]` (and its value at `i + 1`) when it is `--fs SPEC`, `--fs=SPEC` or
    /// a PATH, advancing `i` past a separate value. False for anything else (an option
    /// of the command); a bad `--fs` value is a usage error.
    mutating func take(_ args: [String], at i: inout Int) -> Bool {
        let a = args[i]
        let text: String
        if a == "--fs" {
            i += 1
            guard i < args.count else { Usage.fail("--fs needs dir=PATH[,uuid=U][,label=L][,partuuid=P]") }
            text = args[i]
        } else if a.hasPrefix("--fs=") {
            text = String(a.dropFirst(5))
        } else if a.hasPrefix("-") {
            return false
        } else {
            specs.append(Spec(dir: a))
            return true
        }
        guard let spec = Self.parseSpec(text) else {
            Usage.fail("bad --fs value '\(text)': wants dir=PATH[,uuid=U][,label=L][,partuuid=P]")
        }
        specs.append(spec)
        return true
    }

    /// Parses `dir=PATH,uuid=U,label=L,partuuid=P,partlabel=L,type=T`.
    static func parseSpec(_ text: String) -> Spec? {
        var spec = Spec(dir: "")
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            let key = part[..<eq].lowercased()
            let value = String(part[part.index(after: eq)...])
            switch key {
            case "dir", "path": spec.dir = value
            case "uuid": spec.uuid = value
            case "label": spec.label = value
            case "partuuid": spec.partUUID = value
            case "partlabel": spec.partLabel = value
            case "type", "fstype": spec.fsType = value
            default: return nil
            }
        }
        return spec.dir.isEmpty ? nil : spec
    }

    /// Turns the arguments into volumes, in the order given. Directories are used as
    /// they are; anything else is handed to `openDevice` (probe and mount read-only),
    /// which returns every filesystem of that image or device, the one named by the
    /// path first.
    func volumes(openDevice: (String, Int) throws -> [Volume]) throws -> [Volume] {
        var result: [Volume] = []
        for (index, spec) in specs.enumerated() {
            let tree = DirectoryTree(root: spec.dir)
            if tree.kind("/") == .directory {
                result.append(Volume(
                    name: spec.dir, tree: tree, uuid: spec.uuid, label: spec.label,
                    partUUID: spec.partUUID, partLabel: spec.partLabel, fsType: spec.fsType,
                    grubDevice: "hd\(index),gpt1", root: spec.dir))
            } else {
                var volumes = try openDevice(spec.dir, index)
                if !volumes.isEmpty {
                    if let u = spec.uuid { volumes[0].uuid = u }
                    if let l = spec.label { volumes[0].label = l }
                    if let p = spec.partUUID { volumes[0].partUUID = p }
                }
                result += volumes
            }
        }
        return result
    }
}
