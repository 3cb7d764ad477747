#if canImport(Glibc)
import Glibc
#endif

/// The C library locale, which ncursesw needs to write UTF-8.
public enum TextLocale {
    /// Selects a UTF-8 character type: the environment's locale when it is UTF-8, else
    /// `C.UTF-8` (missing in a bare initramfs: then text is drawn in ASCII).
    /// - Returns: whether a UTF-8 locale is active.
    /// The corresponding C functions are `setlocale` and `nl_langinfo(nl_item(CODESET))`.
    public static func selectUTF8() -> Bool {
        if setlocale(LC_CTYPE, "") != nil, isUTF8 { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if isUTF8 { return true }
        }
        setlocale(LC_CTYPE, "C")
        return false
    }

    private static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
