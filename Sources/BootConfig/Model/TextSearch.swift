/// Substring tests on UTF-8 bytes.
///
/// The release binary is built without the implicit `_StringProcessing` import (its
/// `contains(_: String)` and `replacing(_:with:)` pull `_StringProcessing` and
/// `_RegexParser`, about 1.2 MB, into the static binary); these do the same for the
/// ASCII needles swiftboot looks for, comparing bytes.
extension StringProtocol {
    /// Whether `needle` occurs in this string as a run of the same UTF-8 bytes
    /// (an empty needle occurs everywhere).
    public func containsText(_ needle: some StringProtocol) -> Bool {
        let hay = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        guard pattern.count <= hay.count else { return false }
        var start = 0
        while start + pattern.count <= hay.count {
            if hay[start] == pattern[0] {
                var k = 1
                while k < pattern.count && hay[start + k] == pattern[k] { k += 1 }
                if k == pattern.count { return true }
            }
            start += 1
        }
        return false
    }
}
