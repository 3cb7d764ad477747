import LinuxSystem
import NetProtocols
import Synchronization

/// A DNS stub resolver (RFC 1035 over UDP port 53): asks the servers the DHCP leases named,
/// completes single-label names with the search domains (option 15), follows CNAMEs,
/// retries with growing waits within a limit, and caches answers for their TTL. Shared by
/// every download of a boot; each interface's lease adds its servers and domain.
public final class Resolver: Sendable {
    private struct State {
        var servers: [String] = []
        var domains: [String] = []
        var cache = DNSCache()
    }

    private let state: Mutex<State>

    /// Milliseconds to wait for each server in the first, second and third round.
    static let waits = [1000, 2000, 3000]

    /// A resolver asking `servers` (numeric IPv4/IPv6 addresses) with `searchDomains`.
    public init(servers: [String] = [], searchDomains: [String] = []) {
        state = Mutex(State(servers: servers, domains: searchDomains))
    }

    /// Adds the DNS servers and domain of a lease (duplicates ignored); the cache is cleared
    /// when something new came.
    public func learn(servers: [String], domain: String?) {
        state.withLock { s in
            var changed = false
            for server in servers where !s.servers.contains(server) && SocketAddress(numeric: server, port: 53) != nil {
                s.servers.append(server)
                changed = true
            }
            if let domain, !domain.isEmpty, !s.domains.contains(domain) {
                s.domains.append(domain)
                changed = true
            }
            if changed { s.cache.removeAll() }
        }
    }

    /// The servers asked, in order.
    public var servers: [String] { state.withLock { $0.servers } }

    /// The search domains, in order.
    public var searchDomains: [String] { state.withLock { $0.domains } }

    /// The addresses of `host` (IPv4 first, else IPv6), asking for at most `timeoutMs`.
    public func resolve(_ host: String, timeoutMs: Int) throws(ResolveError) -> [[UInt8]] {
        let (servers, domains) = state.withLock { ($0.servers, $0.domains) }
        let start = monotonicSeconds()
        if let cached = state.withLock({ $0.cache.lookup(host, now: start) }) { return cached }
        guard !servers.isEmpty else { throw ResolveError(host: host, servers: [], reason: .noServers) }
        let deadline = start + Double(timeoutMs) / 1000
        var tried: [String] = []
        var serverError: UInt8?
        for name in DNSSearchList.candidates(for: host, domains: domains) {
            types: for type in [DNSMessage.RecordType.a, .aaaa] {
                let answer = try lookup(name, type: type, host: host, servers: servers, deadline: deadline)
                switch answer {
                case .addresses(let addresses, let canonical, let ttl):
                    state.withLock { $0.cache.store(host, addresses: addresses, ttl: ttl, now: monotonicSeconds()) }
                    let via = canonical == name ? "" : " (alias of \(canonical))"
                    Log.info("dns: \(host): \(name)\(via) is \(addresses.map(Resolver.text).joined(separator: " "))")
                    return addresses
                case .nameError: break types
                case .serverError(let code): serverError = code
                case .noData, .alias: continue
                }
            }
            tried.append(name)
        }
        if let serverError { throw ResolveError(host: host, servers: servers, reason: .serverFailure(code: serverError)) }
        throw ResolveError(host: host, servers: servers, reason: .notFound(names: tried))
    }

    /// Asks for `name`, following an alias the server did not resolve itself.
    private func lookup(_ name: String, type: DNSMessage.RecordType, host: String, servers: [String],
                        deadline: Double) throws(ResolveError) -> DNSAnswer {
        var current = name
        for _ in 0...DNSAnswer.chainLimit {
            let answer = try query(current, type: type, host: host, servers: servers, deadline: deadline)
            guard case .alias(let target, _) = answer else { return answer }
            current = target
        }
        return .serverError(DNSMessage.ResponseCode.serverFailure.rawValue)
    }

    /// One question to the servers in turn, in rounds of growing waits, until one answers
    /// (an error code sends it to the next server) or the deadline passes.
    private func query(_ name: String, type: DNSMessage.RecordType, host: String, servers: [String],
                       deadline: Double) throws(ResolveError) -> DNSAnswer {
        let id = UInt16.random(in: 0...UInt16.max)
        let packet: [UInt8]
        do { packet = try DNSMessage.query(id: id, name: name, type: type).bytes() } catch {
            throw ResolveError(host: host, servers: servers, reason: .badName(name))
        }
        var failed: [String: DNSAnswer] = [:]
        var systemFailure: String?
        let began = monotonicSeconds()
        for wait in Resolver.waits {
            for server in servers where failed[server] == nil {
                let left = Int((deadline - monotonicSeconds()) * 1000)
                if left <= 0 { break }
                guard let address = SocketAddress(numeric: server, port: 53) else { continue }
                do {
                    guard let reply = try ask(address, packet: packet, id: id, name: name, type: type,
                                              waitMs: min(wait, left)) else { continue }
                    if reply.isTruncated {
                        Log.info("dns: \(server): the answer for \(name) was truncated (TC); using its \(reply.answers.count) records")
                    }
                    let answer = DNSAnswer(reply, name: name, type: type)
                    if case .serverError(let code) = answer {
                        Log.info("dns: \(server): \(name): \(ResolveError.codeName(code))")
                        failed[server] = answer
                        continue
                    }
                    return answer
                } catch {
                    systemFailure = "\(server): \(error)"
                }
            }
            if failed.count == servers.count, let first = failed[servers[0]] { return first }
            if monotonicSeconds() >= deadline { break }
        }
        if let first = servers.lazy.compactMap({ failed[$0] }).first { return first }
        if let systemFailure { throw ResolveError(host: host, servers: servers, reason: .system(systemFailure)) }
        let waited = Int((monotonicSeconds() - began) * 1000)
        throw ResolveError(host: host, servers: servers, reason: .timeout(milliseconds: waited))
    }

    /// Sends `packet` to `server` and waits up to `waitMs` for its answer to this question
    /// (same server and port, ID and question); other datagrams are dropped.
    private func ask(_ server: SocketAddress, packet: [UInt8], id: UInt16, name: String,
                     type: DNSMessage.RecordType, waitMs: Int) throws(SystemError) -> DNSMessage? {
        let socket = try Socket.make(for: server, stream: false)
        defer { socket.close() }
        try socket.send(packet, to: server)
        let end = monotonicSeconds() + Double(waitMs) / 1000
        while true {
            let left = Int((end - monotonicSeconds()) * 1000)
            if left <= 0 { return nil }
            guard let (bytes, from) = try socket.receiveFrom(maxSize: 4096, timeoutMs: left) else { continue }
            guard from.address == server.address, from.port == server.port,
                  let reply = try? DNSMessage(parsing: bytes), reply.isResponse, reply.id == id,
                  let question = reply.questions.first,
                  question.name == DNSAnswer.canonical(name), question.type == type.rawValue else { continue }
            return reply
        }
    }

    /// An address as text.
    static func text(_ address: [UInt8]) -> String {
        SocketAddress(address: address, port: 0).description.replacingSuffix(":0")
    }
}

extension String {
    /// The string without `suffix` (and without the brackets an IPv6 `[a]:0` has).
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        guard hasSuffix(suffix) else { return self }
        var s = String(dropLast(suffix.count))
        if s.hasPrefix("["), s.hasSuffix("]") { s = String(s.dropFirst().dropLast()) }
        return s
    }
}
