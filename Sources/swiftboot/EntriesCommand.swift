import BootConfig
import LinuxSystem

/// `swiftboot entries [--json] [--fs SPEC]... [PATH]...`
enum EntriesCommand {
    static func run(_ args: [String]) -> Int32 {
        var json = false
        var volumeArgs = VolumeArguments()
        var i = 0
        while i < args.count {
            let a = args[i]
            switch a {
            case "--json": json = true
            case "--fs":
                i += 1
                guard i < args.count, let spec = VolumeArguments.parseSpec(args[i]) else {
                    Usage.fail("--fs needs dir=PATH[,uuid=U][,label=L][,partuuid=P]")
                }
                volumeArgs.specs.append(spec)
            default:
                if a.hasPrefix("--fs=") {
                    guard let spec = VolumeArguments.parseSpec(String(a.dropFirst(5))) else {
                        Usage.fail("bad --fs value '\(a)'")
                    }
                    volumeArgs.specs.append(spec)
                } else if a.hasPrefix("-") {
                    Usage.fail("unknown option '\(a)' for entries")
                } else {
                    volumeArgs.specs.append(.init(dir: a))
                }
            }
            i += 1
        }
        if volumeArgs.specs.isEmpty { Usage.fail("entries needs at least one PATH or --fs") }
        let volumes: [Volume]
        do {
            volumes = try volumeArgs.volumes(openDevice: HostDevices.open)
        } catch {
            return fail("\(error)")
        }
        defer { HostDevices.closeAll() }
        let menu = Scanner.scan(ScanContext(volumes: volumes))
        print(json ? EntriesReport.json(menu).rendered() : EntriesReport.text(menu), terminator: json ? "\n" : "")
        return 0
    }
}
