#if canImport(Glibc)
import Glibc
#endif

// swiftboot: PID 1 boot menu, and the host CLI over the same code.
//   swiftboot [init]            the boot menu as PID 1
//   swiftboot entries ...       what the menu would show
//   swiftboot menu ...          the real UI on this terminal
//   swiftboot kexec ...         the internal kexec loader on its own
//   swiftboot fetch URL -o F    a tftp/http/https download as netboot does it
//   swiftboot net ...           DHCP on network interfaces, prints the leases

let arguments = Array(CommandLine.arguments.dropFirst())
let command = getpid() == 1 ? "init" : (arguments.first ?? "help")
let rest = getpid() == 1 ? [] : Array(arguments.dropFirst())

let status: Int32
switch command {
case "init": status = InitCommand.run(rest)
case "entries": status = EntriesCommand.run(rest)
case "menu": status = MenuCommand.run(rest)
case "ui": status = UICommand.run(rest)
case "kexec": status = KexecCommand.run(rest)
case "fetch": status = FetchCommand.run(rest)
case "net": status = NetCommand.run(rest)
case "help", "-h", "--help":
    print(Usage.text)
    status = 0
default:
    Usage.fail("unknown command '\(command)'")
}
exit(status)
