/// One Boot Loader Specification type 1 entry file (`loader/entries/NAME.conf`), as
/// key/value lines, before any interpretation.
///
/// Lines are `key<blanks>value`; `#` starts a comment line; keys may repeat
/// (`initrd`, `options`) and keep their order.
public struct BLSEntryFile: Sendable, Equatable {
    /// One `key value` line.
    public struct Line: Sendable, Equatable {
        public var key: String
        public var value: String
        /// 1-based line number in the file.
        public var number: Int
    }

    /// The file name, e.g. `6c06...-4.15.2-302.fc28.x86_64+3-1.conf`.
    public var fileName: String
    public var lines: [Line]

    /// Parses the text of an entry file.
    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.lines = []
        var number = 0
        // "\r\n" is one Character in Swift: split on it too, so CRLF files read like LF ones.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") { continue }
            let keyEnd = line.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? line.endIndex
            let key = String(line[..<keyEnd])
            var value = line[keyEnd...].drop(while: { $0 == " " || $0 == "\t" })
            while let last = value.last, last == " " || last == "\t" || last == "\r" { value = value.dropLast() }
            lines.append(Line(key: key, value: String(value), number: number))
        }
    }

    /// The first value of `key`, if present.
    public func first(_ key: String) -> String? {
        lines.first { $0.key == key }?.value
    }

    /// Every value of `key`, in file order.
    public func all(_ key: String) -> [String] {
        lines.filter { $0.key == key }.map(\.value)
    }

    /// The 1-based line number of the first `key` line.
    public func line(of key: String) -> Int? {
        lines.first { $0.key == key }?.number
    }
}
