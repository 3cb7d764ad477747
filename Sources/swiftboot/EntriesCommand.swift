import BootConfig
import LinuxSystem

/// `swiftboot entries [--json] [--fs SPEC]... [PATH]...`
enum EntriesCommand {
    static func run(_ args: [String]) -> Int32 {
        var json = false
        var volumeArgs = VolumeArguments()
        var i = 0
        while i < args.count {
            if args[i] == "--json" {
                json = true
            } else if !volumeArgs.take(args, at: &i) {
                Usage.fail("unknown option '\(args[i])' for entries")
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
