/// Boot Loader Specification type 1 entries on one volume: `/loader/entries/*.conf`
/// (ESP, XBOOTLDR, and the untyped /boot partitions of Fedora/RHEL) and
/// `/boot/loader/entries/*.conf` (root filesystems), ordered as systemd-boot orders
/// them, with `loader/loader.conf`'s default and timeout.
public enum BLSSource {
    /// Where entry files are looked for, in this order.
    public static let entryDirectories = ["/loader/entries", "/boot/loader/entries"]
    /// Where systemd-boot's own settings are looked for.
    public static let loaderConfPaths = ["/loader/loader.conf", "/boot/loader/loader.conf"]

    /// The entries of `volume`; nil when it has no entry files.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        let tree = volume.tree
        var files: [String] = []
        for directory in entryDirectories where tree.isDirectory(directory) {
            guard let names = try? tree.list(directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".conf") && !name.hasPrefix(".") {
                let path = directory + "/" + name
                if tree.isFile(path) { files.append(path) }
            }
        }
        guard !files.isEmpty else { return nil }

        var errors: [ConfigError] = []
        func report(_ config: String, _ line: Int?, _ message: String) {
            errors.append(ConfigError(volume: volume.name, config: config, line: line, message: message))
        }

        var loaderConf: LoaderConf?
        if let path = loaderConfPaths.first(where: { tree.isFile($0) }) {
            do {
                let conf = LoaderConf(text: try tree.readText(path))
                for problem in conf.errors { report(path, problem.line, problem.message) }
                loaderConf = conf
            } catch {
                report(path, nil, "cannot read: \(error.reason)")
            }
        }

        var found: [(entry: BLSEntry, boot: BootEntry)] = []
        for path in files {
            let text: String
            do { text = try tree.readText(path) } catch {
                report(path, nil, "cannot read: \(error.reason)")
                continue
            }
            let (parsed, problems) = BLSEntry.interpret(BLSEntryFile(fileName: Path.basename(path), text: text), path: path)
            for (line, message) in problems { report(path, line > 0 ? line : nil, message) }
            guard let entry = parsed else { continue }
            switch bootEntry(entry, volume: volume, context: context) {
            case .success(let boot): found.append((entry, boot))
            case .failure(let problem):
                if let message = problem.message { report(path, entry.line, message) }
            }
        }

        found.sort { a, b in BLSOrder.precedes(orderKey(a.entry), orderKey(b.entry)) }
        let titles = BLSOrder.uniqueTitles(found.map {
            (title: $0.entry.displayTitle, version: $0.entry.version, machineID: $0.entry.machineID, id: $0.entry.name.id)
        })
        var menu = ConfigMenu(errors: errors)
        menu.entries = zip(found, titles).map { item, title in
            var boot = item.boot
            boot.title = title
            return boot
        }
        menu.timeout = (loaderConf ?? LoaderConf(text: "")).menuTimeout
        if let pattern = loaderConf?.defaultPattern {
            // `@saved` needs the LoaderEntryLastBooted EFI variable; without it the
            // first entry is the default, as in systemd-boot.
            menu.defaultIndex = defaultIndex(pattern: pattern, ids: found.map { ($0.entry.name.id, $0.entry.name.suffix) })
        }
        if let i = menu.defaultIndex { menu.entries[i].isDefault = true }
        return menu
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

    static func orderKey(_ e: BLSEntry) -> BLSOrder.Key {
        BLSOrder.Key(id: e.name.id, sortKey: e.sortKey, machineID: e.machineID, version: e.version,
                     counter: e.name.counter)
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
        guard let linux = entry.linux else {
            if entry.efi != nil || entry.uki != nil { return .failure(Skipped(message: nil)) }
            return .failure(Skipped(message: "entry has no 'linux' key"))
        }
        // Paths are absolute inside the partition holding the entry. An entry under
        // /boot/loader/entries on a root filesystem may name them relative to /boot.
        let tree = volume.tree
        var base = "/"
        func inBase(_ path: String) -> String { Path.normalize(base + "/" + path) }
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
        var writes: [BootWrite] = []
        if let next = entry.name.nameAfterBootAttempt {
            writes.append(.renameEntry(volume: volume.name, from: entry.path,
                                       to: Path.directory(of: entry.path) + "/" + next))
        }
        return .success(BootEntry(
            title: entry.displayTitle, id: entry.name.id, source: .bls, config: entry.path, line: entry.line,
            configVolume: volume.name, fs: volume.name, kernel: kernel, initrds: initrds,
            cmdline: entry.options, devicetree: entry.devicetree.map(inBase),
            isBad: entry.name.counter?.isBad ?? false, writes: writes))
    }
}
