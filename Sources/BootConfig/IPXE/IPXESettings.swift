/// iPXE settings: what `set` stored, and the built-in ones the lease and machine give
/// (`mac`, `ip`, `next-server`, `uuid`, `buildarch`, `platform`...), with `${name}` and
/// `${name:type}` expansion, innermost first (`${net${i}/mac}`).
struct IPXESettings {
    var client: NetbootClient
    /// iPXE's `buildarch` (`x86_64`, `arm64`, `i386`...).
    var buildArch: String
    /// iPXE's `platform` (`efi` or `pcbios`).
    var platform: String
    /// Values `set` stored, by name (without a type suffix).
    var stored: [String: String] = [:]

    /// Expands every `${...}`; unset settings expand to nothing.
    func expand(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var rounds = 0
        while rounds < 4096, let open = Self.lastOpen(bytes) {
            rounds += 1
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) else { break }
            let name = String(decoding: bytes[(open + 2)..<close], as: UTF8.self)
            bytes.replaceSubrange(open...close, with: Array((value(of: name) ?? "").utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The index of the last `${` (the innermost reference of nested ones).
    private static func lastOpen(_ bytes: [UInt8]) -> Int? {
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == UInt8(ascii: "$") && bytes[i + 1] == UInt8(ascii: "{") { return i }
            i -= 1
        }
        return nil
    }

    /// A setting's text, formatted by its `:type`; nil when unset.
    func value(of spec: String) -> String? {
        var name = Substring(spec)
        var type: Substring?
        if let colon = spec.lastIndex(of: ":") {
            name = spec[..<colon]
            type = spec[spec.index(after: colon)...]
        }
        if let stored = stored[String(name)] { return format(Array(stored.utf8), text: stored, type: type) }
        var key = name
        if let slash = name.firstIndex(of: "/") {
            let scope = name[..<slash]
            // Only the interface the lease is on exists, as net0.
            guard scope == "net0" || scope == "netX" || scope == "dhcp" else { return nil }
            key = name[name.index(after: slash)...]
        }
        switch key {
        case "mac":
            return format(client.mac, text: client.macColons, type: type ?? "hex")
        case "busid", "bustype", "chip":
            return nil
        default:
            guard let text = builtin(String(key)) else { return nil }
            return format(Array(text.utf8), text: text, type: type)
        }
    }

    private func builtin(_ key: String) -> String? {
        switch key {
        case "ip": client.ipv4
        case "netmask": client.netmask
        case "gateway": client.gateway
        case "next-server": client.server
        case "filename": client.bootFile
        case "hostname": client.hostname
        case "domain": client.domain
        case "uuid": client.uuid?.lowercased()
        case "buildarch": buildArch
        case "platform": platform
        case "manufacturer": client.smbios["SYSVENDOR"]
        case "product": client.smbios["SYSPRODUCT"]
        case "serial": client.smbios["SYSSERIAL"]
        case "asset": client.smbios["MBASSET"]
        case "ifname", "netdev": client.interface
        default: nil
        }
    }

    private func format(_ bytes: [UInt8], text: String, type: Substring?) -> String {
        switch type {
        case "hex": NetFormat.hex(bytes, separator: ":")
        case "hexhyp": NetFormat.hex(bytes, separator: "-")
        case "hexraw": NetFormat.hex(bytes, separator: "")
        case "uristring": Self.uriEncoded(text)
        default: text
        }
    }

    /// Percent-encodes all but RFC 3986's unreserved characters.
    static func uriEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                out += "%" + NetFormat.hex([byte], separator: "", upper: true)
            }
        }
        return out
    }

    /// iPXE's names for swiftboot's architecture and GRUB platform.
    static func buildArch(_ architecture: String) -> String {
        switch architecture.lowercased() {
        case "x64": "x86_64"
        case "ia32": "i386"
        case "aa64": "arm64"
        case "riscv64": "riscv64"
        default: architecture
        }
    }
}

/// URL arithmetic for iPXE: references resolve against the script's URL, keeping
/// query strings (MAAS and Tinkerbell put parameters there).
enum IPXEURL {
    /// `ref` made absolute against `base` (a full URL).
    static func resolve(_ ref: String, against base: String) -> String {
        if RemoteLocation(url: ref) != nil { return ref }
        guard let root = RemoteLocation(url: base) else { return ref }
        if ref.hasPrefix("/") { return root.base + ref }
        let baseText = base.prefix { $0 != "?" && $0 != "#" }
        let directory = baseText.hasSuffix("/") ? Substring(baseText) : baseText[...(baseText.lastIndex(of: "/") ?? baseText.startIndex)]
        var query = ""
        var path = Substring(ref)
        if let q = ref.firstIndex(of: "?") {
            query = String(ref[q...])
            path = ref[..<q]
        }
        let dirPath = String(directory.dropFirst(root.base.count))
        return root.base + Path.resolve(String(path), in: dirPath.isEmpty ? "/" : dirPath) + query
    }

    /// `(base, rest)`: `http://h:8080` and `/path?query`.
    static func split(_ url: String) -> (base: String, rest: String)? {
        guard let location = RemoteLocation(url: url) else { return nil }
        let rest = String(url.dropFirst(location.base.count))
        return (location.base, rest.isEmpty ? "/" : rest)
    }
}
