#if canImport(Glibc)
import Glibc
#endif

/// Help text and usage errors (exit code 2).
enum Usage {
    static let text = """
    usage: swiftboot [init]
           swiftboot entries [--json] [--fs SPEC]... [PATH]...
           swiftboot menu [--dry-run] [--timeout N] [--policy FILE] [--fs SPEC]... [PATH]...
           swiftboot kexec --kernel F [--initrd F]... [--cmdline S] [--method file|segments] [--dry-run|--exec]
           swiftboot fetch [--ca FILE] [--progress] [--resolve NAME=ADDR]... [--dns SERVER]...
                           [--search DOMAIN]... [--timeout N] URL -o FILE
           swiftboot net [--json] [--timeout N] [--v6] [--resolv-conf PATH] [--arch N] [IFACE]...

    PATH is a directory taken as the root of one filesystem, or a block device or
    disk image to probe and mount read-only. SPEC is dir=PATH[,uuid=U][,label=L][,partuuid=P]
    [,partlabel=L][,type=FSTYPE] and names a directory's filesystem identity.
    fetch downloads tftp://HOST[:PORT]/PATH, http:// or https:// URLs (CA bundle: --ca,
    default /etc/ssl/certs/ca-certificates.crt) into FILE; exit 1 names the URL and cause.
    Host names resolve with --resolve, else by DNS: --dns SERVER (repeatable) asked over
    UDP port 53, single-label names completed with each --search DOMAIN.
    net brings IFACE (default: every wired interface) up, runs DHCPv4 (and DHCPv6 with
    --v6), configures address, default route and (with --resolv-conf) DNS, and prints
    each lease; --timeout bounds carrier + DHCP per interface (default 30 s).
    """

    /// Prints a usage error and exits with status 2.
    static func fail(_ message: String) -> Never {
        writeStderr("swiftboot: \(message)\n\(text)\n")
        exit(2)
    }
}

/// Writes text to standard error unbuffered.
func writeStderr(_ text: String) {
    var t = text
    t.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
}

/// Reports a failed operation and returns exit status 1.
func fail(_ message: String) -> Int32 {
    writeStderr("swiftboot: \(message)\n")
    return 1
}
