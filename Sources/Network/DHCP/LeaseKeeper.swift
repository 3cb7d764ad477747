#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem
import Synchronization

/// Keeps one interface's DHCP leases while the menu is open: waits on the sessions'
/// sockets until the next deadline (T1, a retransmission, T2, the end), lets the sessions
/// renew, rebind or start over, and reports each change. Runs in the interface's own
/// thread (`run`); `stop` ends it from any thread, after which nothing is sent.
public final class LeaseKeeper: @unchecked Sendable {
    private let interface: String
    // Touched only by the thread in `run`, and only while `gate` says not stopped.
    private let v4: DHCPv4Session?
    private let v6: DHCPv6Session?
    /// True once `stop` was called; held while the sessions work, so once `stop` has taken
    /// it no session sends again.
    private let gate = Mutex(false)
    private let stopRead: Int32
    private let stopWrite: Int32
    private let doneRead: Int32
    private let doneWrite: Int32

    /// Longest single wait: deadlines are re-read at least this often (milliseconds).
    static let maximumWait: UInt64 = 60_000

    /// Keeps the leases of `v4` and `v6` (each after its `acquire` returned).
    public init(interface: String, v4: DHCPv4Session?, v6: DHCPv6Session?) {
        self.interface = interface
        self.v4 = v4
        self.v6 = v6
        (stopRead, stopWrite) = WakePipe.make() ?? (-1, -1)
        (doneRead, doneWrite) = WakePipe.make() ?? (-1, -1)
    }

    deinit {
        for fd in [stopRead, stopWrite, doneRead, doneWrite] where fd >= 0 { Glibc.close(fd) }
    }

    /// Serves the sessions until `stop`, or until none has anything left to do (infinite
    /// leases, or a client that gave up); closes their sockets before returning. `report`
    /// gets every change, outside the lock.
    public func run(_ report: (LeaseEvent) -> Void) {
        defer {
            gate.withLock { _ in
                v4?.close()
                v6?.close()
            }
            var byte: UInt8 = 1
            _ = write(doneWrite, &byte, 1)
        }
        var netlink: Netlink
        do { netlink = try Netlink() } catch {
            Log.error("net: \(interface): netlink: \(error); leases will not be renewed")
            return
        }
        defer { netlink.close() }
        var active: (v4: Bool, v6: Bool) = (v4 != nil, v6 != nil)
        while true {
            let now = MonotonicTime.milliseconds()
            let deadlines = [active.v4 ? v4?.deadline : nil, active.v6 ? v6?.deadline : nil].compactMap { $0 }
            guard let next = deadlines.min() else {
                Log.debug("net: \(interface): no lease left to renew")
                return
            }
            let wait = Int32(min(next > now ? next - now : 0, Self.maximumWait))
            var descriptors = [(FileDescriptor(rawValue: stopRead), PollEvents.input)]
            if active.v4, let v4 { descriptors.append((v4.descriptor, .input)) }
            if active.v6, let fd = v6?.descriptor { descriptors.append((fd, .input)) }
            let ready: [PollEvents]
            do { ready = try poll(descriptors, timeout: wait) } catch {
                Log.error("net: \(interface): \(error); leases will not be renewed")
                return
            }
            if ready.first.map({ !$0.isEmpty }) == true { return }
            var events: [LeaseEvent] = []
            let stopped = gate.withLock { stopped -> Bool in
                if stopped { return true }
                if active.v4, let v4 {
                    do { try v4.service(netlink: &netlink) } catch {
                        Log.error("net: \(interface): DHCPv4: \(error); its lease will not be renewed")
                        active.v4 = false
                    }
                    events += v4.takeEvents()
                }
                if active.v6, let v6 {
                    do { try v6.service(netlink: &netlink) } catch {
                        Log.error("net: \(interface): DHCPv6: \(error); its lease will not be renewed")
                        active.v6 = false
                    }
                    events += v6.takeEvents()
                }
                return false
            }
            if stopped { return }
            events.forEach(report)
        }
    }

    /// Ends `run` from another thread: once this returns nothing is sent any more; waits up
    /// to `timeout` milliseconds for `run` to close the sockets. Returns whether it did.
    @discardableResult
    public func stop(timeout: Int32 = 1000) -> Bool {
        gate.withLock { $0 = true }
        var byte: UInt8 = 1
        _ = write(stopWrite, &byte, 1)
        let ready = (try? poll([(FileDescriptor(rawValue: doneRead), .input)], timeout: timeout)) ?? []
        return ready.first?.contains(.input) == true
    }
}
