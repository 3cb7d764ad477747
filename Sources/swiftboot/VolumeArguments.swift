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
