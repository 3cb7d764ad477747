/// Unified Kernel Images (BLS type 2): `/EFI/Linux/*.efi`. When the volume group also
/// has type 1 entries, `BLSSource` shows both types sorted together; otherwise this
/// source orders the UKIs alone, with `loader/loader.conf`'s default and timeout.
public struct UKISource: MenuSource {
    public init() {}

    public var name: String { "uki" }

    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        // Network servers have their own lookup orders (docs/netboot-formats.md).
        if volume.tree is RemoteTree { return nil }
        return Self.scan(volume: volume, context: context)
    }

    /// The UKIs of `volume` (with the XBOOTLDR partitions when it is their ESP); nil
    /// when there are none or when another scan shows them.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        let group = BLSVolumeGroup(for: volume, context: context)
        guard group.isOwned(by: volume),
              !group.volumes.contains(where: { !BLSSource.entryFiles(in: $0.tree).isEmpty }) else { return nil }
        var items: [BLSMenuItem] = []
        var errors: [ConfigError] = []
        var files = 0
        for v in group.volumes {
            files += ukiFiles(in: v.tree).count
            let (found, problems) = menuItems(on: v, context: context)
            items += found
            errors += problems
        }
        guard files > 0, !(items.isEmpty && errors.isEmpty) else { return nil }
        let (conf, confErrors) = BLSSource.loaderConf(of: group, report: true)
        return BLSMenuAssembler.menu(items, errors: errors + confErrors, loaderConf: conf, variables: context.loaderVariables)
    }

    /// The `*.efi` files of `/EFI/Linux` (any letter case, as on FAT), sorted.
    public static func ukiFiles(in tree: any FileTree) -> [String] {
        guard let efi = child(of: "/", named: "efi", in: tree),
              let directory = child(of: efi, named: "linux", in: tree),
              let names = try? tree.list(directory) else { return [] }
        return names.filter { $0.lowercased().hasSuffix(".efi") && !$0.hasPrefix(".") }.sorted()
            .map { directory + "/" + $0 }
            .filter { tree.isFile($0) }
    }

    /// The UKIs of one volume as unordered menu items, and the problems found.
    static func menuItems(on volume: Volume, context: ScanContext) -> ([BLSMenuItem], [ConfigError]) {
        var items: [BLSMenuItem] = []
        var errors: [ConfigError] = []
        for path in ukiFiles(in: volume.tree) {
            let fileName = Path.basename(path)
            guard let name = BLSEntryName(fileName: fileName, suffix: String(fileName.suffix(4))) else { continue }
            let image: UKIImage.Metadata
            do {
                image = try UKIImage.metadata(of: path, in: volume.tree)
            } catch let error as PEError {
                errors.append(ConfigError(volume: volume.name, config: path, line: nil, message: "malformed UKI: \(error)"))
                continue
            } catch {
                errors.append(ConfigError(volume: volume.name, config: path, line: nil, message: "cannot read: \(error)"))
                continue
            }
            if let arch = image.architecture, arch != context.architecture.lowercased() { continue }
            let version = image.uname ?? image.osVersion
            var writes: [BootWrite] = []
            if let next = name.nameAfterBootAttempt {
                writes.append(.renameEntry(volume: volume.name, from: path, to: Path.directory(of: path) + "/" + next))
            }
            let entry = BootEntry(title: image.name ?? name.id, id: name.id, source: .uki, config: path,
                                  configVolume: volume.name, fs: volume.name, kernel: path, kernelFormat: .uki,
                                  cmdline: image.cmdline ?? "", isBad: name.counter?.isBad ?? false, writes: writes)
            let key = BLSOrder.Key(id: name.id, sortKey: image.sortKey, machineID: nil, version: version,
                                   counter: name.counter)
            items.append(BLSMenuItem(key: key, suffix: ".efi", version: version, machineID: nil, entry: entry))
        }
        return (items, errors)
    }

    /// The entry of `directory` whose name equals `name` ignoring case.
    static func child(of directory: String, named name: String, in tree: any FileTree) -> String? {
        guard let names = try? tree.list(directory),
              let match = names.first(where: { $0.lowercased() == name.lowercased() }) else { return nil }
        return directory == "/" ? "/" + match : directory + "/" + match
    }
}
