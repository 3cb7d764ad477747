// Owner: infra. Start-up fix for the static binary as PID 1.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/// Mounts /proc before the Swift runtime's own start-up code runs, when this process
/// is PID 1 and /proc is not there yet.
///
/// The statically linked Swift runtime's backtracer initializer (a C++ static
/// constructor) looks up the program's path; with static glibc `dladdr` finds nothing,
/// so it reads `/proc/self/exe` and aborts ("Unable to obtain Swift runtime path") when
/// /proc is not mounted — which is how the kernel starts /init. Priority 101 runs this
/// before every default-priority constructor. PID 1's own set-up then finds /proc
/// already mounted.
__attribute__((constructor(101)))
static void clinux_mount_proc_for_runtime(void) {
    if (getpid() != 1 || access("/proc/self/exe", F_OK) == 0) {
        return;
    }
    mkdir("/proc", 0555);
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
}
