/// How a fuzz input becomes files: NUL bytes separate the files of one input, so a
/// single input can carry a config and the files it includes, sources or chains to.
enum FuzzInput {
    /// The input cut at NUL bytes into at most `names.count` files, paired with `names`
    /// (the last file keeps any further NULs).
    static func files(_ bytes: [UInt8], names: [String]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        var start = 0
        for (i, name) in names.enumerated() {
            guard start <= bytes.count else { break }
            let end = i == names.count - 1 ? bytes.count : (bytes[start...].firstIndex(of: 0) ?? bytes.count)
            files[name] = Array(bytes[start..<end])
            start = end + 1
        }
        return files
    }

    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
