/// Boot Loader Specification type 1 entries: `/loader/entries/*.conf` (ESP, XBOOTLDR,
/// and the untyped /boot partitions of Fedora/RHEL) and `/boot/loader/entries/*.conf`
/// (root filesystems), sorted together with the group's UKIs as systemd-boot sorts
/// them, with `loader/loader.conf`'s default and timeout.
public struct BLSSource: MenuSource {
    public init() {}

    public var name: String { "bls" }

    /// Steps aside for volumes whose entries a GRUB `blscfg` already showed.
    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        // Network servers have their own lookup orders (docs/netboot-formats.md).
        if volume.tree is RemoteTree { return nil }
        if state.blsVolumesShown.contains(volume.name) { return nil }
        return Self.scan(volume: volume, context: context)
    }

    /// Where entry files are looked for, in this order.
    public static let entryDirectories = ["/loader/entries", "/boot/loader/entries"]
    /// Where systemd-boot's own settings are looked for.
    public static let loaderConfPaths = ["/loader/loader.conf", "/boot/loader/loader.conf"]

    /// The menu of `volume` (with the XBOOTLDR partitions when it is their ESP); nil
    /// when it has no entry files, or when its ESP's scan shows them.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        let group = BLSVolumeGroup(for: volume, context: context)
        guard group.isOwned(by: volume), group.volumes.contains(where: { !entryFiles(in: $0.tree).isEmpty }) else {
            return nil
        }
        var items: [BLSMenuItem] = []
        var errors: [ConfigError] = []
        for v in group.volumes {
            let (found, problems) = type1Items(on: v, context: context)
            items += found
            errors += problems
        }
        for v in group.volumes {
            let (found, problems) = UKISource.menuItems(on: v, context: context)
            items += found
            errors += problems
        }
        let (conf, confErrors) = loaderConf(of: group, report: true)
        return BLSMenuAssembler.menu(items, errors: errors + confErrors, loaderConf: conf, variables: context.loaderVariables)
    }

    /// The `.conf` files of a tree's entry directories (not starting with `.`), sorted.
    public static func entryFiles(in tree: any FileTree) -> [String] {
        var files: [String] = []
        for directory in entryDirectories where tree.isDirectory(directory) {
            guard let names = try? tree.list(directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".conf") && !name.hasPrefix(".") {
                let path = directory + "/" + name
                if tree.isFile(path) { files.append(path) }
            }
        }
        return files
    }

    /// The first `loader.conf` of the group's volumes (the ESP's first).
    static func loaderConf(of group: BLSVolumeGroup, report: Bool) -> (LoaderConf?, [ConfigError]) {
        for v in group.volumes {
            guard let path = loaderConfPaths.first(where: { v.tree.isFile($0) }) else { continue }
            do {
                let conf = LoaderConf(text: try v.tree.readText(path))
                let errors = report ? conf.errors.map { ConfigError(volume: v.name, config: path, line: $0.line, message: $0.message) } : []
                return (conf, errors)
            } catch {
                return (nil, report ? [ConfigError(volume: v.name, config: path, line: nil, message: "cannot read: \(error.reason)")] : [])
            }
        }
        return (nil, [])
    }

    /// The first entry in menu order whose id matches the `default` glob. systemd-boot
    /// compares lower-cased ids that keep their `.conf`/`.efi`; ids without the suffix
    /// are tried as well.
    public static func defaultIndex(pattern: String, ids: [(id: String, suffix: String)]) -> Int? {
        let p = pattern.lowercased()
        return ids.firstIndex { item in
            let id = item.id.lowercased()
            return Glob.matches(p, id + item.suffix) || Glob.matches(p, id)
        }
    }

    /// The type 1 entries of one volume, unordered, and the problems found.
    static func type1Items(on volume: Volume, context: ScanContext) -> ([BLSMenuItem], [ConfigError]) {
        let tree = volume.tree
        var items: [BLSMenuItem] = []
        var errors: [ConfigError] = []
        func report(_ config: String, _ line: Int?, _ message: String) {
            errors.append(ConfigError(volume: volume.name, config: config, line: line, message: message))
        }
        for path in entryFiles(in: tree) {
            let text: String
            do { text = try tree.readText(path) } catch {
                report(path, nil, "cannot read: \(error.reason)")
                continue
            }
            let (parsed, problems) = BLSEntry.interpret(BLSEntryFile(fileName: Path.basename(path), text: text), path: path)
            for (line, message) in problems { report(path, line > 0 ? line : nil, message) }
            guard let entry = parsed else { continue }
            switch bootEntry(entry, volume: volume, context: context) {
            case .success(let boot):
                let key = BLSOrder.Key(id: entry.name.id, sortKey: entry.sortKey, machineID: entry.machineID,
                                       version: entry.version, counter: entry.name.counter)
                items.append(BLSMenuItem(key: key, suffix: entry.name.suffix, version: entry.version,
                                         machineID: entry.machineID, entry: boot))
            case .failure(let problem):
                if let message = problem.message { report(path, entry.line, message) }
            }
        }
        return (items, errors)
    }

    /// Why an entry is left out: a message to report, or nil when leaving it out is normal.
    struct Skipped: Error {
        var message: String?
    }

    /// The menu entry for a type 1 entry, or why there is none.
    static func bootEntry(_ entry: BLSEntry, volume: Volume, context: ScanContext) -> Result<BootEntry, Skipped> {
        if let arch = entry.architecture, arch != context.architecture.lowercased() {
            return .failure(Skipped(message: nil))
        }
        // Paths are absolute inside the partition holding the entry. An entry under
        // /boot/loader/entries on a root filesystem may name them relative to /boot.
        let tree = volume.tree
        var base = "/"
        func inBase(_ path: String) -> String { Path.normalize(base + "/" + path) }
        var writes: [BootWrite] = []
        if let next = entry.name.nameAfterBootAttempt {
            writes.append(.renameEntry(volume: volume.name, from: entry.path,
                                       to: Path.directory(of: entry.path) + "/" + next))
        }
        let isBad = entry.name.counter?.isBad ?? false

        guard let linux = entry.linux else {
            if let uki = entry.uki {
                return ukiEntry(entry, uki: inBase(uki), volume: volume, context: context, writes: writes)
            }
            if entry.efi != nil { return .failure(Skipped(message: nil)) }
            return .failure(Skipped(message: "entry has no 'linux' key"))
        }
        var kernel = inBase(linux)
        if !tree.isFile(kernel) && entry.path.hasPrefix("/boot/") && tree.isFile(Path.normalize("/boot/" + linux)) {
            base = "/boot"
            kernel = inBase(linux)
        }
        guard tree.isFile(kernel) else {
            return .failure(Skipped(message: "kernel '\(linux)' not found"))
        }
        let initrds = entry.initrds.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
            .map { inBase(String($0)) }
        return .success(BootEntry(
            title: entry.displayTitle, id: entry.name.id, source: .bls, config: entry.path, line: entry.line,
            configVolume: volume.name, fs: volume.name, kernel: kernel, initrds: initrds,
            cmdline: entry.options, devicetree: entry.devicetree.map(inBase), isBad: isBad, writes: writes))
    }

    /// A type 1 entry with a `uki` key: the UKI boots with the entry's options, or its
    /// own `.cmdline` when the entry has none.
    static func ukiEntry(_ entry: BLSEntry, uki path: String, volume: Volume, context: ScanContext,
                         writes: [BootWrite]) -> Result<BootEntry, Skipped> {
        let image: UKIImage.Metadata
        do {
            image = try UKIImage.metadata(of: path, in: volume.tree)
        } catch let error as PEError {
            return .failure(Skipped(message: "malformed UKI '\(path)': \(error)"))
        } catch {
            return .failure(Skipped(message: "UKI '\(path)' not found"))
        }
        if let arch = image.architecture, arch != context.architecture.lowercased() {
            return .failure(Skipped(message: nil))
        }
        return .success(BootEntry(
            title: entry.title ?? image.name ?? entry.name.id, id: entry.name.id, source: .bls, config: entry.path,
            line: entry.line, configVolume: volume.name, fs: volume.name, kernel: path, kernelFormat: .uki,
            cmdline: entry.options.isEmpty ? image.cmdline ?? "" : entry.options,
            isBad: entry.name.counter?.isBad ?? false, writes: writes))
    }
}
