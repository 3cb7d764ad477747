#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import BootMenu
import Credentials
import Devices
import Kexec
import LinuxSystem
import TerminalUI

/// `swiftboot ui`: the menu process PID 1 supervises. Finds every filesystem, shows the
/// menu on every active console, loads the chosen kernel and exits 42 for the hand-off.
enum UICommand {
    /// Where PID 1 leaves the message of a failed hand-off.
    static let lastErrorPath = "/run/swiftboot/last-error"
    /// The initramfs shell, when there is one.
    static let shellPath = "/bin/sh"

    static func run(_ args: [String]) -> Int32 {
        // Our stderr is the console, which ncurses owns from now on.
        Log.consoleEnabled = false
        let kernel = KernelOptions.parse((try? FileSystem.readText("/proc/cmdline")) ?? "")
        Log.debugEnabled = kernel.debug

        // Network sources run in threads of their own: disks never wait for them.
        let transport = NetbootTransport(options: NetbootTransport.options(caParameter: kernel.ca))
        let net = NetbootGroups(transport: transport)
        var netStarted = false
        func startNet() {
            netStarted = true
            net.start(NetbootGroups.links(kernel.net), timeout: kernel.netTimeout)
        }

        // Listen before the first scan: a disk whose driver coldplug is still loading
        // (or a USB stick that enumerates late) arrives as an event and is scanned then.
        let hotplug: Hotplug?
        do {
            hotplug = try Hotplug()
        } catch {
            Log.error("hotplug: \(error)")
            hotplug = nil
        }
        // The kexec chain test boots from the first scan: that scan must see every disk.
        if kernel.chain != nil { DriverLoading.wait() }
        let driversPending = DriverLoading.pending
        // The network cards' drivers come with coldplug: with drivers still loading the
        // interfaces start once it is done, else now, before the disks are scanned.
        if !driversPending { startNet() }
        var probes = ProbeMemory()
        // An md array with a member missing waits until no driver may still bring it.
        MDAssembly.mayStartDegraded = { !DriverLoading.pending }
        // What the drivers still loading may bring, read just before each scan: the scan
        // sees the disks of every driver that ended before it, so only these can add disks.
        var pendingAtScan = driversPending ? DriverLoading.pendingDiskPrefixes : []
        // The block devices listed just before the last scan started.
        var devicesAtScan = Set(BlockDevices.list().map(\.name))
        var volumes = Discovery.scanAll(memory: &probes)
        let loaderVariables = LoaderVariableStore.read()
        var memo = MenuScanMemo()
        var scanned = memo.scan(volumes, probes: probes, loaderVariables: loaderVariables, size: deviceSize, model: diskModel)
        var local = scanned.menu
        var localDevices = scanned.devices
        scanned = NetbootMerge.merge(local: scanned, net: net.groups, autoboot: kernel.autoboot)
        // Kexec chain test (swiftboot.chain=N): check this initramfs, boot the next generation.
        if ChainBoot.step(options: kernel, entries: scanned.menu.entries, volumes: volumes) == .handOff {
            net.stop()
            return ExitStatus.handOff
        }
        var options = MenuOptions(kernel: kernel, shellAvailable: access(shellPath, X_OK) == 0)
        options.policy = PolicyGate.load(PolicyGate.defaultPath, kernel: kernel)
        // swiftboot.autoboot=net,...: the countdown waits until every interface has finished
        // (and, while coldplug still loads the network cards' drivers, until they started).
        let netFirst = kernel.autoboot?.first == .net
        let holdForNet = netFirst && (!netStarted || !net.finished)
        var model = MenuModel(menu: scanned.menu, devices: scanned.devices, options: options,
                              now: MonotonicClock.milliseconds(), devicesPending: driversPending,
                              countdownHeld: holdForNet)
        model.passwordChecker = PasswordChecker()
        model.setLockedVolumes(LockedVolumes.rows(probes))
        if let failed = try? FileSystem.readText(lastErrorPath), !failed.isEmpty {
            model.bootFailed(failed.split(separator: "\n").first.map(String.init) ?? failed)
            unlink(lastErrorPath)
        }
        if !model.visible {
            Log.info("menu: timeout \(model.timeout.map(String.init) ?? "none")\(model.hiddenStyle ? " (hidden)" : ""): the menu shows only if a key is pressed")
        }

        let consoles = openConsoles(kernel)
        guard !consoles.isEmpty else {
            Log.error("menu: no console could be opened")
            return 1
        }
        let session = MenuSession(model: model, consoles: consoles)
        session.logLines = { Log.lines() }
        session.onReady = { [unowned session] in
            Log.info("menu ready (\(session.model.entries.count) entries)")
        }
        // Each time the menu is drawn with another default entry than before (the first
        // time it has one, or when a disk that comes first in volume order arrives).
        var defaultShown: EntryKey?
        session.onDrawn = { [unowned session] in
            guard let key = session.model.defaultKey, key != defaultShown, let entry = session.model.entry(key) else { return }
            defaultShown = key
            Log.info("menu: default ready (\(session.model.entries.count) entries): '\(entry.title)' on \(entry.fs)")
        }

        // Wakes the menu loop for the other disks of a staged rescan.
        let nextDisk = WakePipe.make()
        defer { if let nextDisk { close(nextDisk.read); close(nextDisk.write) } }
        /// Scans the disks again: only devices that are new or changed (or named in
        /// `changed`) are probed, and the configs are read again only when a filesystem
        /// came, went or changed.
        ///
        /// `staged`: the first new disk alone, the menu drawn, then the other new disks
        /// (when the loop finds `nextDisk` readable, after drawing). Never staged while a
        /// zero timeout waits for the default to be final: `devicesAtScan` must be scanned.
        func rescan(_ session: MenuSession, changed: [String] = [], staged: Bool = false) {
            if DriverLoading.doneFD >= 0 { DriverLoading.readReports(wait: false) }
            pendingAtScan = DriverLoading.pendingDiskPrefixes
            devicesAtScan = Set(BlockDevices.list().map(\.name))
            probes.forget(changed)
            let scan = Discovery.scanAll(memory: &probes, oneNewDisk: staged && nextDisk != nil)
            volumes = scan.volumes
            if scan.pending, let nextDisk {
                var byte: UInt8 = 1
                _ = write(nextDisk.write, &byte, 1)
            }
            let again = memo.scan(volumes, probes: probes, loaderVariables: loaderVariables, size: deviceSize, model: diskModel)
            local = again.menu
            localDevices = again.devices
            let merged = NetbootMerge.merge(local: again, net: net.groups, autoboot: kernel.autoboot)
            session.model.update(menu: merged.menu, devices: merged.devices)
            session.model.setLockedVolumes(LockedVolumes.rows(probes))
        }

        /// With a zero timeout while drivers still load: boots the default as soon as no
        /// driver still loading can change it (`DefaultFinality`, docs/system.md).
        func bootEarlyIfFinal(_ session: MenuSession) {
            guard session.model.devicesPending, session.model.timeout == 0, !session.model.defaultFinal,
                  !session.model.countdownHeld else { return }
            if DriverLoading.doneFD >= 0 { DriverLoading.readReports(wait: false) }
            let entry = session.model.defaultKey.flatMap { session.model.entry($0) }
            let named = loaderVariables.map { $0.entryOneShot != nil || $0.entryDefault != nil } ?? false
            func reason(_ pending: [String]?) -> String? {
                DefaultFinality.reasonNotFinal(menu: local, default: entry, defaultGlob: options.defaultGlob,
                                               loaderVariablesNameEntry: named, pendingPrefixes: pending)
            }
            if let why = reason(pendingAtScan) {
                // Drivers that ended since the last scan may have made it final: scan their disks.
                if reason(DriverLoading.pendingDiskPrefixes) == nil {
                    // Their disks are there now: unless one new to the last scan comes before
                    // the default's volume, that scan saw every disk that matters.
                    let name = entry.map { Path.basename($0.configVolume) } ?? ""
                    let new = Set(BlockDevices.list().map(\.name)).subtracting(devicesAtScan)
                    if !name.isEmpty, new.allSatisfy({ GrubDeviceNames.naturalOrder(name, $0) }) {
                        pendingAtScan = DriverLoading.pendingDiskPrefixes
                    } else {
                        rescan(session)
                    }
                    return bootEarlyIfFinal(session)
                }
                Log.debug("menu: timeout 0 waits for the drivers: \(why)")
                return
            }
            guard let entry else { return }
            let pending = pendingAtScan ?? []
            Log.info("menu: default '\(entry.title)' on \(entry.configVolume) is final: the drivers still loading bring \(pending.isEmpty ? "no disk" : "only disks " + pending.map { $0 + "*" }.joined(separator: " ")) after it; booting it now")
            session.model.defaultIsFinal()
        }

        if net.wakeFD >= 0 {
            session.watch(fd: net.wakeFD) { session in
                net.drain()
                let merged = NetbootMerge.merge(local: (local, localDevices), net: net.groups, autoboot: kernel.autoboot)
                session.model.update(menu: merged.menu, devices: merged.devices)
                if net.finished, session.model.countdownHeld { session.model.releaseCountdown() }
            }
        }
        /// Every volume a plan may name: the disks' and the network servers'.
        func allVolumes() -> [Volume] { volumes + net.groups.compactMap(\.volume) }
        /// A network entry's `fs` that no group holds (a pxelinux prefix or iPXE chain on
        /// another server): that server, through the same transport.
        func serverVolume(_ fs: String) -> Volume? {
            guard let location = RemoteLocation(url: fs) else { return nil }
            return NetbootTree.volume(base: location, transport: transport)
        }

        if let nextDisk {
            session.watch(fd: nextDisk.read) { session in
                var bytes = [UInt8](repeating: 0, count: 16)
                while read(nextDisk.read, &bytes, bytes.count) > 0 {}
                // The other disks together: each stage reads every config again.
                rescan(session)
            }
        }
        if let hotplug {
            session.watch(fd: hotplug.fd) { session in
                let events = hotplug.drain().filter(Hotplug.affectsBlockDevices)
                // A final default is about to boot: disks that arrive now come after it.
                if !events.isEmpty, !session.model.defaultFinal {
                    // Disks that arrive while the menu is up: the first one's entries
                    // are drawn before the next disk is read (not while a zero timeout
                    // judges the default: that needs every listed disk scanned).
                    // A `change` (new medium, partition table read again) makes the named disks be
                    // probed again; an added device is new to the memory anyway.
                    rescan(session, changed: events.filter { $0.action == "change" }.compactMap(\.deviceName),
                           staged: session.model.timeout != 0)
                    bootEarlyIfFinal(session)
                    // The kernel likely printed the new device over the menu.
                    session.invalidate()
                }
            }
        }
        if driversPending {
            let fd = DriverLoading.doneFD
            session.watch(fd: fd) { session in
                // A report of the drivers still loading, or the end: every one is loaded.
                guard DriverLoading.readReports(wait: false) else {
                    bootEarlyIfFinal(session)
                    return
                }
                session.unwatch(fd: fd)
                DriverLoading.forget()
                // Events cover what arrived meanwhile; one more scan makes sure.
                // The interfaces first, so the rescan shows their groups as being fetched.
                if !netStarted {
                    startNet()
                    // No interface to wait for (none, or all failed at once): no wake-up
                    // will come to release the countdown held for them.
                    if netFirst, net.finished { session.model.releaseCountdown() }
                }
                // A final default boots now: the last scan saw every disk that can come before it.
                if !session.model.defaultFinal { rescan(session) }
                session.model.devicesSettled()
                Log.info("menu: drivers loaded (\(session.model.entries.count) entries)")
                session.invalidate()
            }
            bootEarlyIfFinal(session)
        } else {
            DriverLoading.forget()
            Log.info("menu: drivers loaded before the first scan (\(session.model.entries.count) entries)")
        }

        let status = session.run { effect, session in
            switch effect {
            case .boot(let plan, let reason):
                if plan.entry.kind == .localBoot {
                    // pxelinux LOCALBOOT: back to the local entries, their default selected.
                    Log.info("boot: '\(plan.entry.title)' is LOCALBOOT: the local entries' default")
                    let keys = EntryKey.keys(for: session.model.entries)
                    let localIndex = local.defaultIndex ?? local.entries.firstIndex(where: \.isDefault) ?? (local.entries.isEmpty ? nil : 0)
                    guard let i = localIndex, i < keys.count, let e = session.model.entry(keys[i]) else {
                        session.model.bootFailed("'\(plan.entry.title)' is LOCALBOOT, and there are no local entries.")
                        return .proceed
                    }
                    session.model.selectDefault(keys[i])
                    if reason == .selected { return .proceed }
                    return boot(session.model.plan(for: e), reason: reason, volumes: allVolumes(), session: session, netVolume: serverVolume,
                                beforeHandOff: net.stop)
                }
                return boot(plan, reason: reason, volumes: allVolumes(), session: session, netVolume: serverVolume,
                                beforeHandOff: net.stop)
            case .rescan:
                // Asked for: every device probed and every config read again.
                probes.forgetAll()
                memo = MenuScanMemo()
                rescan(session)
                session.model.status = "Rescanned: \(session.model.entries.count) entries."
                return .proceed
            case .shell:
                guard let console = session.activeConsole else { return .proceed }
                session.suspend()
                Log.info("menu: shell on \(console.name)")
                _ = ShellRunner.run(shellPath, on: console)
                session.resume()
                return .proceed
            case .unlock(let node, let passphrase):
                // "Unlocking …" shows while the KDF runs (seconds with Argon2).
                session.redraw()
                if LockedVolumes.unlock(node: node, passphrase: passphrase, session: session) {
                    rescan(session)
                    session.model.status = "Unlocked \(node): \(session.model.entries.count) entries."
                }
                return .proceed
            case .quit:
                return .proceed
            case .log(let line):
                Log.info("menu: " + line)
                return .proceed
            }
        }
        session.close()
        return status
    }

    /// Loads the plan for kexec; makes the entry's disk writes (boot counting, grubenv)
    /// only once the image is loaded, so a failed load costs no boot attempt.
    static func boot(_ plan: BootPlan, reason: BootReason, volumes: [Volume], session: MenuSession,
                     netVolume: (String) -> Volume? = { _ in nil },
                     beforeHandOff: () -> Void = {}) -> MenuSession.Next {
        Log.info("boot (\(reason.rawValue)): '\(plan.entry.title)' kernel=\(plan.entry.fs):\(plan.kernel) initrds=\(plan.initrds.joined(separator: ",")) cmdline=\(plan.cmdline)")
        guard let volume = volumes.first(where: { $0.name == plan.entry.fs }) ?? netVolume(plan.entry.fs) else {
            let message = "\(plan.entry.fs) is gone: cannot load \(plan.kernel)."
            Log.error("boot: " + message)
            session.model.bootFailed(message)
            return .proceed
        }
        if let refusal = PolicyGate.refusal(plan, volume: volume, policy: session.model.options.policy) {
            Log.error("boot: " + refusal)
            session.model.bootFailed(refusal)
            return .proceed
        }
        do {
            if let tree = volume.tree as? NetbootTree {
                let screen = DownloadScreen(consoles: session.consoles, title: plan.entry.title)
                try tree.transport.withHooks(progress: screen.show, isCancelled: screen.escapePressed) { () throws(KexecError) in
                    try KexecLoader.load(plan, volume: volume)
                }
                session.invalidate()
            } else {
                try KexecLoader.load(plan, volume: volume)
            }
        } catch {
            session.invalidate()
            Log.error("boot: \(error.description)")
            session.model.bootFailed(error.description)
            return .proceed
        }
        do {
            try BootWriter.apply(plan.entry.writes, volumes: volumes, loaderInfo: SwiftbootVersion.string)
        } catch {
            Log.error("boot: disk write for '\(plan.entry.title)' failed, booting anyway: \(error)")
        }
        // Lease renewal ends here: nothing is sent from this process during or after kexec.
        beforeHandOff()
        session.close()
        // The menu process's peak memory, for operators sizing machines (and scripts/bench).
        if let peak = ProcessStatus.peakResidentKiB() { Log.info("kexec: peak RSS \(peak) KiB") }
        return .exit(ExitStatus.handOff)
    }

    /// One console per entry of /sys/class/tty/console/active; standard input/output
    /// when none can be opened.
    static func openConsoles(_ kernel: KernelOptions) -> [Console] {
        let unicode = TextLocale.selectUTF8()
        let active = (try? FileSystem.readText("/sys/class/tty/console/active")) ?? ""
        var consoles: [Console] = []
        for name in ConsoleName.parse(active) {
            let fd = open(name.devicePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else {
                Log.error("menu: open \(name.devicePath): \(String(cString: strerror(errno)))")
                continue
            }
            do {
                let console = try Console(name: name.name, inputFD: fd, outputFD: fd,
                                          terminalTypes: name.terminalTypes(commandLineTerm: kernel.term),
                                          unicodeLocale: unicode, askSize: name.isSerial)
                Log.info("menu: \(name.name) as \(console.terminalType), \(console.columns)x\(console.rows)\(console.unicode ? ", UTF-8" : "")")
                consoles.append(console)
            } catch {
                Log.error("menu: \(error)")
                close(fd)
            }
        }
        if consoles.isEmpty, isatty(0) == 1 {
            let fallback = ConsoleName("console")
            if let console = try? Console(name: "console", inputFD: 0, outputFD: 1,
                                          terminalTypes: fallback.terminalTypes(commandLineTerm: kernel.term),
                                          unicodeLocale: unicode, askSize: true) {
                consoles.append(console)
            }
        }
        return consoles
    }

    /// The size of a volume's block device, from sysfs (512-byte sectors).
    static func deviceSize(_ volume: Volume) -> UInt64? {
        guard let node = volume.device else { return nil }
        let name = Path.basename(node)
        guard let text = try? FileSystem.readText("/sys/class/block/\(name)/size"),
              let sectors = UInt64(text.trimmingNewline) else { return nil }
        return sectors * 512
    }

    /// The model of the disk holding a volume, from sysfs, when the driver reports one.
    static func diskModel(_ volume: Volume) -> String? {
        guard let node = volume.device else { return nil }
        let name = Path.basename(node)
        var disk = name
        if FileSystem.exists("/sys/class/block/\(name)/partition"),
           let link = FileSystem.readLink("/sys/class/block/\(name)") {
            disk = Path.basename(Path.directory(of: "/" + link))
        }
        guard let text = try? FileSystem.readText("/sys/class/block/\(disk)/device/model") else { return nil }
        let model = text.trimmingNewline.trimmingSpaces
        return model.isEmpty ? nil : model
    }
}

extension String {
    fileprivate var trimmingNewline: String {
        var s = Substring(self)
        while let l = s.last, l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
