/// GRUB 2 configs on one volume.
public struct GrubSource: MenuSource {
    public init() {}

    public var name: String { "grub" }

    public func scan(_ volume: Volume, context: ScanContext, state: ScanState) -> ConfigMenu? {
        // Network servers have their own lookup orders (docs/netboot-formats.md).
        if volume.tree is RemoteTree { return nil }
        return Self.scan(volume: volume, context: context)
    }

    /// Where GRUB keeps its config, in the order they are looked for; one config per volume.
    static let fixedLocations = ["/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg"]
    /// Directories holding `<vendor>/grub.cfg` on an ESP (or an ESP mounted at /boot/efi).
    static let efiDirectories = ["/EFI", "/boot/efi/EFI"]
    /// ESP vendor directories of distributions whose GRUB copies all variables into a
    /// submenu's context (Fedora's patch, also on RHEL 9 and its rebuilds).
    static let fedoraVendors: Set<String> = ["fedora", "centos", "redhat", "rocky", "almalinux", "ol"]

    /// Reads the volume's grub.cfg (if any) and returns the menu GRUB would show.
    ///
    /// A volume whose menu another volume's ESP stub already shows (`configfile` into it)
    /// returns nil, so each menu appears once, reached the way the firmware reaches it.
    public static func scan(volume: Volume, context: ScanContext) -> ConfigMenu? {
        guard let path = configPath(on: volume) else { return nil }
        if isShownThroughStub(volume, context: context) { return nil }
        return evaluate(GrubFile(volume: volume.name, path: path), context: context)
    }

    /// The config GRUB would read on this volume: the fixed places first, then
    /// `/EFI/BOOT/grub.cfg`, then other `/EFI/*/grub.cfg` in name order.
    public static func configPath(on volume: Volume) -> String? {
        let tree = volume.tree
        for path in fixedLocations where tree.isFile(path) { return path }
        for directory in efiDirectories where tree.isDirectory(directory) {
            let boot = directory + "/BOOT/grub.cfg"
            if tree.isFile(boot) { return boot }
            let vendors = ((try? tree.list(directory)) ?? []).sorted()
            for vendor in vendors {
                let path = directory + "/" + vendor + "/grub.cfg"
                if tree.isFile(path) { return path }
            }
        }
        return nil
    }

    /// Whether Fedora's submenu semantics apply to the config at `path`: a `grub2`
    /// directory or a Fedora-family ESP directory, unless the config is SUSE's (it sets
    /// `btrfs_relative_path`, and SUSE's GRUB keeps upstream contexts).
    static func usesFedoraContexts(_ path: String, on volume: Volume) -> Bool {
        guard isFedoraLayout(path) else { return false }
        let text = (try? volume.tree.readText(path)) ?? ""
        return !text.containsText("btrfs_relative_path")
    }

    static func isFedoraLayout(_ path: String) -> Bool {
        if path.containsText("/grub2/") { return true }
        let parts = path.split(separator: "/")
        if let efi = parts.firstIndex(where: { $0.uppercased() == "EFI" }), efi + 1 < parts.count {
            return fedoraVendors.contains(parts[efi + 1].lowercased())
        }
        return false
    }

    /// Whether an ESP config on another volume hands over to this volume's menu with a
    /// `configfile` before showing a menu of its own.
    /// (Uses `context.grubStubs` when `Scanner` computed them for the whole scan.)
    static func isShownThroughStub(_ volume: Volume, context: ScanContext) -> Bool {
        let stubs = context.grubStubs ?? stubTargets(context)
        return stubs.contains { stub in
            stub.from != volume.name && stub.target.volume == volume.name && volume.tree.isFile(stub.target.path)
        }
    }

    /// Every ESP config (`/EFI/...grub.cfg`) that hands over with a `configfile` before
    /// showing a menu of its own, with the file it hands over to: each ESP config runs
    /// once per scan, not once per volume that might be its target.
    static func stubTargets(_ context: ScanContext) -> [GrubStub] {
        var stubs: [GrubStub] = []
        for other in context.volumes where !(other.tree is RemoteTree) {
            guard let path = configPath(on: other), path.uppercased().containsText("/EFI/") else { continue }
            let file = GrubFile(volume: other.name, path: path)
            let vm = GrubInterpreter(context: context, copyAllVariables: usesFedoraContexts(path, on: other))
            vm.probeConfigfile = true
            vm.prepare(for: file, volume: other)
            do {
                _ = try vm.include(file, line: nil, command: "grub.cfg")
            } catch .configfileReached(let target) {
                stubs.append(GrubStub(from: other.name, target: target))
            } catch {}
        }
        return stubs
    }

    /// Runs a config and builds its menu.
    static func evaluate(_ file: GrubFile, context: ScanContext) -> ConfigMenu? {
        guard let volume = context.volume(named: file.volume) else { return nil }
        let vm = GrubInterpreter(context: context, copyAllVariables: usesFedoraContexts(file.path, on: volume))
        vm.prepare(for: file, volume: volume)
        var level: GrubMenuLevel
        do {
            _ = try vm.include(file, line: nil, command: "grub.cfg")
            level = GrubMenuLevel(items: vm.items, environment: vm.env, file: file)
        } catch .menuShown(let shown) {
            level = shown
        } catch {
            level = GrubMenuLevel(items: vm.items, environment: vm.env, file: file)
        }
        // The entry bodies get a budget of their own (a stopped script spent its own).
        vm.resetStepBudget()
        let evaluator = GrubMenuEvaluator(interpreter: vm, headerWrites: vm.writes, owner: file)
        let flat = evaluator.flatten(level, path: [], chosen: nil, inheritedWrites: [])
        let timeout = GrubDefault.timeout(level.environment["timeout"])
        // Fallback items that are submenus would open a menu, not boot: left out.
        let fallbacks = GrubDefault.fallbacks(level.environment["fallback"], titles: level.items.map(\.title),
                                              ids: level.items.map(\.id)).compactMap { flat.itemEntries[$0] }
        return ConfigMenu(
            entries: flat.entries,
            defaultIndex: flat.defaultIndex,
            fallbackIndices: fallbacks,
            timeout: timeout,
            hiddenMenu: GrubDefault.hidden(style: level.environment["timeout_style"], timeout: timeout),
            errors: vm.errors,
            blsVolumesShown: vm.blsVolumes)
    }
}

/// An ESP config that hands over to another file with `configfile` (see
/// `GrubSource.stubTargets`).
struct GrubStub: Sendable, Equatable {
    /// The volume holding the ESP config.
    var from: String
    /// The config it hands over to.
    var target: GrubFile
}
