/// The names a stub resolver tries for a host (resolv.conf's rules with `ndots:1`): a
/// single-label name with each search domain first, then as is; a name with dots as is,
/// then with each search domain; a name ending in a dot only as is.
public enum DNSSearchList {
    /// The names to ask for `host`, in order, without duplicates.
    public static func candidates(for host: String, domains: [String]) -> [String] {
        if host.hasSuffix(".") { return [String(host.dropLast())] }
        let suffixed = domains.map { d -> String in
            let domain = d.hasSuffix(".") ? String(d.dropLast()) : d
            return domain.hasPrefix(".") ? host + domain : host + "." + domain
        }.filter { !$0.hasSuffix(".") }
        let ordered = DNSName.isSingleLabel(host) ? suffixed + [host] : [host] + suffixed
        var seen: Set<String> = []
        return ordered.filter { seen.insert($0.lowercased()).inserted }
    }
}
