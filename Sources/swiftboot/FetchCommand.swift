#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import NetProtocols
import Network

/// `swiftboot fetch [--ca FILE] [--progress] [--resolve NAME=ADDR]... [--dns SERVER]...
/// [--search DOMAIN]... [--timeout N] [--read-timeout N] [--blksize N] [--windowsize N]
/// URL -o FILE`: downloads a tftp://, http:// or https:// URL into a memory file as the
/// menu does (host names through DNS as a lease's servers and domain would), then writes
/// it to FILE.
enum FetchCommand {
    struct Options {
        var url: String?
        var output: String?
        var progress = false
        var transfer = TransferOptions()
    }

    static func parse(_ args: [String]) -> Options {
        var o = Options()
        var dnsServers: [String] = []
        var searchDomains: [String] = []
        var i = 0
        func value(_ flag: String) -> String {
            i += 1
            guard i < args.count else { Usage.fail("fetch: \(flag) needs a value") }
            return args[i]
        }
        func number(_ flag: String) -> Int {
            let v = value(flag)
            guard let n = Int(v), n > 0 else { Usage.fail("fetch: \(flag) needs a positive number, not '\(v)'") }
            return n
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--ca": o.transfer.caFile = value(a)
            case "--progress": o.progress = true
            case "-o", "--output": o.output = value(a)
            case "--timeout": o.transfer.totalTimeout = number(a)
            case "--read-timeout": o.transfer.readTimeout = number(a)
            case "--connect-timeout": o.transfer.connectTimeout = number(a)
            case "--blksize": o.transfer.tftpBlockSize = number(a)
            case "--windowsize": o.transfer.tftpWindowSize = number(a)
            case "--dns":
                let v = value(a)
                guard SocketAddress(numeric: v, port: 53) != nil else { Usage.fail("fetch: --dns needs a numeric address, not '\(v)'") }
                dnsServers.append(v)
            case "--search": searchDomains.append(value(a))
            case "--resolve":
                let v = value(a)
                guard let eq = v.firstIndex(of: "=") else { Usage.fail("fetch: --resolve is NAME=ADDRESS, not '\(v)'") }
                o.transfer.hosts[v[..<eq].lowercased()] = String(v[v.index(after: eq)...])
            default:
                if a.hasPrefix("-") { Usage.fail("fetch: unknown argument '\(a)'") }
                if o.url != nil { Usage.fail("fetch: one URL only") }
                o.url = a
            }
            i += 1
        }
        if !dnsServers.isEmpty || !searchDomains.isEmpty {
            o.transfer.resolver = Resolver(servers: dnsServers, searchDomains: searchDomains)
        }
        if o.url == nil { Usage.fail("fetch: a URL is required") }
        if o.output == nil { Usage.fail("fetch: -o FILE is required") }
        return o
    }

    static func run(_ args: [String]) -> Int32 {
        var o = parse(args)
        let url = o.url!, output = o.output!
        // With --progress, log lines (redirects, resumes) are printed by the progress
        // callback on lines of their own instead of after the progress text.
        var shownLogLines = Log.lines().count
        var lastLength = 0
        func showNewLogLines() {
            let lines = Log.lines()
            guard lines.count > shownLogLines else { return }
            writeStderr("\r" + String(repeating: " ", count: lastLength) + "\r")
            for line in lines[shownLogLines...] { writeStderr(line + "\n") }
            shownLogLines = lines.count
            lastLength = 0
        }
        if o.progress {
            Log.consoleEnabled = false
            o.transfer.progress = { p in
                showNewLogLines()
                let text = p.line(width: 79)
                let pad = String(repeating: " ", count: max(0, lastLength - text.count))
                lastLength = text.count
                writeStderr("\r" + text + pad)
            }
        }
        func endProgress() {
            guard o.progress else { return }
            showNewLogLines()
            if lastLength > 0 { writeStderr("\n") }
            Log.consoleEnabled = true
        }
        let memory: FileDescriptor
        do { memory = try .memoryFile(name: "fetch") } catch { return fail("fetch \(url): \(error)") }
        defer { memory.close() }
        let size: Int64
        do {
            size = try Download.fetch(url, into: memory, options: o.transfer)
        } catch {
            endProgress()
            return fail("fetch \(error)")
        }
        endProgress()
        do {
            let out = try FileDescriptor.open(output, .writeOnly, options: [.create, .truncate])
            defer { out.close() }
            var offset: Int64 = 0
            while offset < size {
                let n = try memory.sendFile(to: out, offset: offset, count: Int(min(1 << 30, size - offset)))
                if n == 0 { break }
                offset += Int64(n)
            }
        } catch {
            return fail("fetch \(url): writing \(output): \(error)")
        }
        return 0
    }
}
