#if canImport(Glibc)
import Glibc
#endif
import BootConfig
import LinuxSystem
import NetProtocols
import Network

/// `swiftboot net [--json] [--timeout N] [--v6] [--resolv-conf PATH] [--arch N] [IFACE]...`:
/// brings the interfaces up, runs DHCPv4 (and DHCPv6 with `--v6`) on each, configures
/// address, default route and (with `--resolv-conf`) DNS, and prints the leases.
enum NetCommand {
    struct Options {
        var json = false
        var timeout: UInt64 = 30
        var v6 = false
        var resolvConf: String?
        var architecture: UInt16 = 7
        var interfaces: [String] = []
    }

    static func run(_ args: [String]) -> Int32 {
        let options = parse(args)
        var netlink: Netlink
        do { netlink = try Netlink() } catch { return fail("netlink: \(error)") }
        defer { netlink.close() }

        let links: [NetworkLink]
        do { links = try selectLinks(options.interfaces, netlink: &netlink) } catch { return fail("\(error)") }
        if links.isEmpty { return fail("no wired network interface found") }

        var reports: [JSON] = []
        var failures: [String] = []
        var dns: [String] = []
        var domain: String?
        for link in links {
            do {
                let (v4, v6) = try configure(link, options: options, netlink: &netlink)
                dns += v4.dnsServers.map(\.description) + (v6?.dnsServers.map(\.description) ?? [])
                domain = domain ?? v4.domainName
                reports.append(report(link, v4, v6))
                if !options.json { print(text(link, v4, v6), terminator: "") }
            } catch {
                Log.error("\(error)")
                failures.append("\(error)")
            }
        }
        if let path = options.resolvConf, !reports.isEmpty {
            do { try ResolvConf.write(ResolvConf.text(dnsServers: dns, domain: domain), to: path) } catch {
                failures.append("writing \(path): \(error)")
            }
        }
        if options.json {
            print(JSON.object([("leases", .array(reports)), ("errors", .array(failures.map { .string($0) }))]).rendered())
        }
        for f in failures { writeStderr("swiftboot: net: \(f)\n") }
        return failures.isEmpty ? 0 : 1
    }

    /// Up, carrier, DHCPv4, then DHCPv6 when asked; the whole within `options.timeout`.
    static func configure(_ link: NetworkLink, options: Options, netlink: inout Netlink) throws -> (DHCPv4.Lease, DHCPv6.Lease?) {
        let (v4, v6) = try sessions(link, options: options, netlink: &netlink)
        return (v4.lease!, v6?.lease)
    }

    /// `configure`, keeping the sessions (their sockets open) so the menu can renew the leases.
    static func sessions(_ link: NetworkLink, options: Options, netlink: inout Netlink) throws -> (DHCPv4Session, DHCPv6Session?) {
        let start = MonotonicTime.milliseconds()
        let total = options.timeout * 1000
        func left() -> UInt64 {
            let used = MonotonicTime.milliseconds() - start
            return used >= total ? 0 : total - used
        }
        if !link.isUp { try netlink.setUp(link) }
        let (current, carrier) = try netlink.waitForCarrier(link, timeout: total)
        if !carrier { throw NetworkError.noCarrier(interface: link.name, seconds: options.timeout) }

        let identity = DHCPv4.Identity(mac: current.mac, uuid: MachineIdentity.smbiosUUID(),
                                       architecture: options.architecture)
        let v4 = try DHCPv4Session(link: current, identity: identity,
                                   configuration: .init(timeout: max(left(), 1000)))
        _ = try v4.acquire(netlink: &netlink)
        var v6: DHCPv6Session?
        if options.v6 {
            let id6 = DHCPv6.Identity(mac: current.mac, iaid: UInt32(bitPattern: current.index),
                                      architecture: options.architecture)
            let session = DHCPv6Session(link: current, identity: id6, configuration: .init(timeout: max(left(), 1000)))
            _ = try session.acquire(netlink: &netlink, timeout: max(left(), 1000))
            v6 = session
        }
        return (v4, v6)
    }

    static func selectLinks(_ names: [String], netlink: inout Netlink) throws -> [NetworkLink] {
        let all = try netlink.links()
        if names.isEmpty {
            // Every wired Ethernet link: not loopback, not wireless.
            return all.filter { $0.isEthernet && access("/sys/class/net/\($0.name)/wireless", F_OK) != 0 }
        }
        return try names.map { name in
            guard let l = all.first(where: { $0.name == name }) else { throw NetworkError.noSuchInterface(name) }
            return l
        }
    }

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var i = 0
        func value() -> String {
            i += 1
            if i >= args.count { Usage.fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--json": o.json = true
            case "--v6": o.v6 = true
            case "--timeout":
                guard let n = UInt64(value()), n > 0 else { Usage.fail("--timeout needs a positive number of seconds") }
                o.timeout = n
            case "--resolv-conf": o.resolvConf = value()
            case "--arch":
                guard let n = UInt16(value()) else { Usage.fail("--arch needs a number (7 = UEFI x86-64, 16 = UEFI HTTP)") }
                o.architecture = n
            case let a where a.hasPrefix("-"): Usage.fail("unknown option '\(a)' for net")
            default: o.interfaces.append(args[i])
            }
            i += 1
        }
        return o
    }

    static func report(_ link: NetworkLink, _ l: DHCPv4.Lease, _ l6: DHCPv6.Lease?) -> JSON {
        func s(_ v: String?) -> JSON { v.map { .string($0) } ?? .null }
        func n(_ v: UInt32?) -> JSON { v.map { .int(Int($0)) } ?? .null }
        var v6: JSON = .null
        if let l6 {
            v6 = .object([
                ("address", .string(l6.address.description)),
                ("valid_seconds", .int(Int(l6.validSeconds))),
                ("dns", .array(l6.dnsServers.map { .string($0.description) })),
                ("boot_file_url", s(l6.bootFileURL)),
                ("boot_file_params", .array(l6.bootFileParameters.map { .string($0) })),
            ])
        }
        return .object([
            ("interface", .string(link.name)),
            ("mac", .string(link.macText)),
            ("address", .string(l.address.description)),
            ("prefix", .int(l.prefixLength)),
            ("router", s(l.routers.first?.description)),
            ("dns", .array(l.dnsServers.map { .string($0.description) })),
            ("domain", s(l.domainName)),
            ("hostname", s(l.hostName)),
            ("server_id", .string(l.serverIdentifier.description)),
            ("lease_seconds", n(l.leaseSeconds)),
            ("renewal_seconds", n(l.renewalSeconds)),
            ("rebinding_seconds", n(l.rebindingSeconds)),
            ("next_server", s(l.nextServer?.description)),
            ("boot_file", s(l.bootFile)),
            ("tftp_server", s(l.tftpServerName)),
            ("pxe_config_file", s(l.pxeConfigFile)),
            ("pxe_path_prefix", s(l.pxePathPrefix)),
            ("pxe_reboot_seconds", n(l.pxeRebootSeconds)),
            ("proxy_server", s(l.proxyServer?.description)),
            ("v6", v6),
        ])
    }

    static func text(_ link: NetworkLink, _ l: DHCPv4.Lease, _ l6: DHCPv6.Lease?) -> String {
        var out = "\(link.name) \(link.macText): \(l.address)/\(l.prefixLength)"
        if let r = l.routers.first { out += " via \(r)" }
        out += " server \(l.serverIdentifier)\n"
        if !l.dnsServers.isEmpty { out += "  dns \(l.dnsServers.map(\.description).joined(separator: " "))\n" }
        if let n = l.nextServer { out += "  next-server \(n)\n" }
        if let f = l.bootFile { out += "  boot file \(f)\n" }
        if let t = l.tftpServerName { out += "  tftp server \(t)\n" }
        if let p = l.pxePathPrefix { out += "  pxelinux prefix \(p)\n" }
        if let c = l.pxeConfigFile { out += "  pxelinux config \(c)\n" }
        if let p = l.proxyServer { out += "  boot data from proxy-DHCP \(p)\n" }
        if let l6 {
            out += "  v6 \(l6.address)\n"
            if let u = l6.bootFileURL { out += "  v6 boot file URL \(u)\n" }
            for p in l6.bootFileParameters { out += "  v6 boot file param \(p)\n" }
        }
        return out
    }
}
