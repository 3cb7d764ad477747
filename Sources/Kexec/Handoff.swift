#if canImport(Glibc)
import Glibc
#endif
import LinuxSystem

/// The hand-off to a loaded kexec image: stop processes, close files, unmount, sync,
/// `reboot(LINUX_REBOOT_CMD_KEXEC)`. Each step logs one line (console and /dev/kmsg)
/// so a hang is locatable. The kernel itself neither kills, unmounts nor syncs.
public enum Handoff {
    /// Where swiftboot mounts what it probes; everything under it is unmounted.
    public static let mountRoot = "/run/swiftboot"

    /// Performs the hand-off; returns only on failure, after unloading the image.
    ///
    /// As PID 1 every other process is sent SIGTERM, then SIGKILL. Run from a shell
    /// (`swiftboot kexec --exec`) other processes are left alone.
    public static func perform() -> KexecError {
        let error = run()
        Log.error("kexec: hand-off failed, unloading the image: \(error)")
        KexecLoader.unload()
        return error
    }

    private static func run() -> KexecError {
        Log.info("kexec: hand-off 1/6: checking that an image is loaded")
        if KexecLoader.isLoaded == false {
            return KexecError(kind: .nothingLoaded, detail: "/sys/kernel/kexec_loaded is 0")
        }
        if let loaded = LoadRecord.read() { Log.info("kexec: booting \(loaded)") }

        if getpid() == 1 {
            Log.info("kexec: hand-off 2/6: stopping all processes (SIGTERM, then SIGKILL)")
            stopAllProcesses()
        } else {
            Log.info("kexec: hand-off 2/6: not PID 1, leaving other processes running")
        }

        let closed = closeFileDescriptors()
        Log.info("kexec: hand-off 3/6: closed \(closed) file descriptors")

        let points = MountTable.unmountOrder(Mount.table(), under: mountRoot)
        Log.info("kexec: hand-off 4/6: unmounting \(points.count) filesystems under \(mountRoot)")
        for point in points {
            do {
                try Mount.unmount(point)
            } catch where error.errno == EBUSY {
                do {
                    try Mount.unmount(point, flags: .detach)
                    Log.info("kexec: \(point) is busy; detached lazily")
                } catch {
                    return KexecError(kind: .handoff, errno: error.errno, detail: "unmounting \(point)")
                }
            } catch where error.errno == EINVAL || error.errno == ENOENT {
                continue   // already gone (a parent's lazy detach took it)
            } catch {
                return KexecError(kind: .handoff, errno: error.errno, detail: "unmounting \(point)")
            }
        }

        // Device-mapper devices (LVs, opened LUKS volumes) first: they may sit on md arrays.
        let removedMapped = DeviceMapper.removeAll()
        if removedMapped > 0 { Log.info("kexec: \(removedMapped) device-mapper device(s) removed") }
        // md arrays before the read-only flags: clearing an array's flag makes it writable.
        let stoppedArrays = MDControl.stopAll()
        if stoppedArrays > 0 { Log.info("kexec: \(stoppedArrays) md array(s) stopped") }
        let restored = BlockReadOnly.restoreAll()
        if restored > 0 { Log.info("kexec: read-only flag of \(restored) block device(s) restored") }

        Log.info("kexec: hand-off 5/6: sync")
        sync()

        Log.info("kexec: hand-off 6/6: reboot(LINUX_REBOOT_CMD_KEXEC)")
        do {
            try Reboot.reboot(.kexec)
        } catch {
            return KexecError(kind: .handoff, errno: error.errno, detail: "reboot(LINUX_REBOOT_CMD_KEXEC)")
        }
        return KexecError(kind: .handoff, detail: "reboot(LINUX_REBOOT_CMD_KEXEC) returned")
    }

    /// SIGTERM to every process but us, up to 2 s for them to go, then SIGKILL.
    /// `kill(-1, …)` from PID 1 reaches every process except itself.
    private static func stopAllProcesses() {
        _ = kill(-1, SIGTERM)
        if !reapAll(within: 2_000) {
            Log.info("kexec: some processes ignored SIGTERM; sending SIGKILL")
            _ = kill(-1, SIGKILL)
            _ = reapAll(within: 2_000)
        }
    }

    /// Reaps children until none is left (true) or `milliseconds` pass (false).
    private static func reapAll(within milliseconds: Int) -> Bool {
        var waited = 0
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 { continue }
            if pid < 0 && errno == ECHILD { return true }
            if pid < 0 && errno == EINTR { continue }
            if waited >= milliseconds { return false }
            usleep(20_000)
            waited += 20
        }
    }

    /// Closes every descriptor from 3 up, except the log's /dev/kmsg, so no open file
    /// keeps a filesystem busy. Returns how many were closed.
    private static func closeFileDescriptors() -> Int {
        let names = (try? FileSystem.list("/proc/self/fd")) ?? []
        var closed = 0
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            guard let target = FileSystem.readLink("/proc/self/fd/\(name)") else { continue }  // the listing's own fd is gone
            if target == "/dev/kmsg" { continue }
            if close(fd) == 0 { closed += 1 }
        }
        return closed
    }
}
