/// The probe results of earlier scans, by device name and identity: a rescan probes
/// only devices that are new, changed (another `dev` number, size or disk sequence
/// number) or forgotten because an event named them.
public struct ProbeMemory: Sendable {
    private var results: [String: (identity: String, disk: String?, result: ProbeResult)] = [:]
    /// Devices whose probe failed, with the error: a failing disk is not probed (and its
    /// error not logged) again at every rescan while it stays the same device.
    private var failures: [String: (identity: String, disk: String?, error: String)] = [:]
    /// Counts up whenever a result is added or dropped: an unchanged generation after a
    /// scan means every device was as before.
    public private(set) var generation = 0

    public init() {}

    /// The earlier result for `device`, when its identity is the same as then.
    public func result(for device: BlockDevice) -> ProbeResult? {
        guard let identity = device.identity, let earlier = results[device.name],
              earlier.identity == identity else { return nil }
        return earlier.result
    }

    /// Remembers a fresh probe of `device` (it is only counted when it has no identity).
    public mutating func remember(_ result: ProbeResult, for device: BlockDevice) {
        generation += 1
        guard let identity = device.identity else { return }
        results[device.name] = (identity, device.disk, result)
    }

    /// The error of the earlier, failed probe of `device`, when its identity is the same
    /// as then.
    public func failure(for device: BlockDevice) -> String? {
        guard let identity = device.identity, let earlier = failures[device.name],
              earlier.identity == identity else { return nil }
        return earlier.error
    }

    /// Remembers that probing `device` failed with `error` (not when it has no identity:
    /// then it is probed again at the next scan).
    public mutating func rememberFailure(_ error: String, for device: BlockDevice) {
        guard let identity = device.identity else { return }
        failures[device.name] = (identity, device.disk, error)
    }

    /// Forgets the devices of these kernel names and the partitions of those that are
    /// disks (an event said they changed).
    public mutating func forget(_ names: some Sequence<String>) {
        let names = Set(names)
        keep(where: { name, disk in !names.contains(name) && !(disk.map(names.contains) ?? false) })
    }

    /// Forgets every device (a rescan the user asked for probes everything).
    public mutating func forgetAll() {
        keep(where: { _, _ in false })
    }

    /// Keeps only the devices of these names.
    mutating func keep(_ names: Set<String>) {
        keep(where: { name, _ in names.contains(name) })
    }

    private mutating func keep(where wanted: (String, String?) -> Bool) {
        failures = failures.filter { wanted($0.key, $0.value.disk) }
        let kept = results.filter { wanted($0.key, $0.value.disk) }
        if kept.count != results.count {
            results = kept
            generation += 1
        }
    }

    /// How many devices are remembered.
    public var count: Int { results.count }
}
