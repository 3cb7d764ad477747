import LinuxSystem
import NetProtocols

/// The resolver configuration a lease implies.
public enum ResolvConf {
    /// `nameserver` lines for the DNS servers and a `search` line for the domain.
    public static func text(dnsServers: [String], domain: String?) -> String {
        var out = "# written by swiftboot from DHCP\n"
        if let domain, !domain.isEmpty { out += "search \(domain)\n" }
        for s in dnsServers { out += "nameserver \(s)\n" }
        return out
    }

    /// Writes `text` to `path` (created or replaced).
    public static func write(_ text: String, to path: String) throws(SystemError) {
        let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate])
        defer { fd.close() }
        try fd.writeAll(Array(text.utf8))
    }
}
