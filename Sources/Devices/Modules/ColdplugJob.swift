/// One device's drivers for coldplug: the modules its modalias matched.
struct ColdplugJob: Equatable {
    var alias: String
    var modules: [String]

    /// Whether this device may bring a disk (unknown kinds may).
    var mayBringDisks: Bool { DiskFamily.prefixes(modalias: alias) != [] }

    /// The index in `queue` of the job to start next: the first that may bring disks; a
    /// job that brings none only when no such job is queued or running. Nil when the queue
    /// is empty or only jobs without disks wait behind disk drivers still loading.
    static func next(_ queue: [ColdplugJob], running: [ColdplugJob]) -> Int? {
        if let i = queue.firstIndex(where: \.mayBringDisks) { return i }
        if running.contains(where: \.mayBringDisks) { return nil }
        return queue.isEmpty ? nil : 0
    }
}
