#if canImport(Glibc)
import Glibc
#endif
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
        guard json else {
            print(EntriesReport.text(menu), terminator: "")
            return 0
        }
        var report = EntriesReport.jsonBytes(menu)
        report.append(0x0A)
        fflush(stdout)  // nothing is expected there; kept in order if something is
        do {
            try FileDescriptor.standardOutput.writeAll(report)
        } catch {
            return fail("standard output: \(error)")
        }
        // The process ends here: freeing the menu and the report first would only cost
        // time (about 15 M instructions on a 2,000-entry config).
        HostDevices.closeAll()
        exit(0)
    }
}
