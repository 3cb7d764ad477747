#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds of `CLOCK_MONOTONIC`: the clock the menu's countdown runs on.
public enum MonotonicClock {
    /// Now, in milliseconds since an arbitrary start. The corresponding C function is `clock_gettime`.
    public static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
