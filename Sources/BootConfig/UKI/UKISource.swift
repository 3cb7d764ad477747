/// Unified Kernel Images (BLS type 2): `/EFI/Linux/*.efi` on one volume, ordered as
/// systemd-boot orders type 2 entries, with `loader/loader.conf`'s default and timeout.
public enum UKISource {
    /// The entries of `volume`; nil when it has no `/EFI/Linux/*.efi`.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        let tree = volume.tree
        // FAT ignores case: find EFI/Linux whatever its spelling.
        guard let efi = child(of: "/", named: "efi", in: tree),
              let directory = child(of: efi, named: "linux", in: tree),
              let names = try? tree.list(directory) else { return nil }
        let files = names.filter { $0.lowercased().hasSuffix(".efi") && !$0.hasPrefix(".") }.sorted()
            .map { directory + "/" + $0 }
            .filter { tree.isFile($0) }
        guard !files.isEmpty else { return nil }

        var menu = ConfigMenu()
        var found: [(key: BLSOrder.Key, name: String, version: String?, entry: BootEntry)] = []
        for path in files {
            let fileName = Path.basename(path)
            guard let name = BLSEntryName(fileName: fileName, suffix: String(fileName.suffix(4))) else { continue }
            let image: UKIImage
            do {
                image = try UKIImage.sections(of: try tree.read(path))
            } catch let error as PEError {
                menu.errors.append(ConfigError(volume: volume.name, config: path, line: nil, message: "malformed UKI: \(error)"))
                continue
            } catch {
                menu.errors.append(ConfigError(volume: volume.name, config: path, line: nil, message: "cannot read: \(error)"))
                continue
            }
            if let arch = image.architecture, arch != context.architecture.lowercased() { continue }
            let version = image.uname ?? image.osVersion
            var writes: [BootWrite] = []
            if let next = name.nameAfterBootAttempt {
                writes.append(.renameEntry(volume: volume.name, from: path, to: directory + "/" + next))
            }
            let title = image.name ?? name.id
            let entry = BootEntry(title: title, id: name.id, source: .uki, config: path, configVolume: volume.name,
                                  fs: volume.name, kernel: path, kernelFormat: .uki, cmdline: image.cmdline ?? "",
                                  isBad: name.counter?.isBad ?? false, writes: writes)
            let key = BLSOrder.Key(id: name.id, sortKey: image.sortKey, machineID: nil, version: version,
                                   counter: name.counter)
            found.append((key, name.suffix, version, entry))
        }
        guard !found.isEmpty || !menu.errors.isEmpty else { return nil }

        found.sort { BLSOrder.precedes($0.key, $1.key) }
        let titles = BLSOrder.uniqueTitles(found.map { (title: $0.entry.title, version: $0.version, machineID: nil, id: $0.key.id) })
        menu.entries = zip(found, titles).map { item, title in
            var e = item.entry
            e.title = title
            return e
        }
        var conf = LoaderConf(text: "")
        if let path = BLSSource.loaderConfPaths.first(where: { tree.isFile($0) }),
           let text = try? tree.readText(path) {
            // Its problems are reported by the type 1 reader when it has entries here.
            conf = LoaderConf(text: text)
        }
        menu.timeout = conf.menuTimeout
        if let pattern = conf.defaultPattern {
            menu.defaultIndex = BLSSource.defaultIndex(pattern: pattern, ids: found.map { ($0.key.id, $0.name) })
        }
        if let i = menu.defaultIndex { menu.entries[i].isDefault = true }
        return menu
    }

    /// The entry of `directory` whose name equals `name` ignoring case.
    static func child(of directory: String, named name: String, in tree: any FileTree) -> String? {
        guard let names = try? tree.list(directory) else { return nil }
        if let match = names.first(where: { $0.lowercased() == name.lowercased() }) {
            return directory == "/" ? "/" + match : directory + "/" + match
        }
        return nil
    }
}
