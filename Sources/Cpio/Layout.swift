/// One line of an initramfs layout file (a small subset of the kernel's
/// `usr/gen_init_cpio` description format, without uid/gid: everything is root's).
public enum LayoutItem: Equatable, Sendable {
    /// `dir NAME MODE`
    case directory(path: String, permissions: UInt32)
    /// `nod NAME MODE c|b MAJOR MINOR`
    case node(path: String, permissions: UInt32, character: Bool, major: UInt32, minor: UInt32)
    /// `slink NAME TARGET`
    case symlink(path: String, target: String)
    /// `file NAME SOURCE MODE` — SOURCE is a host path, read by the tool, not here.
    case file(path: String, source: String, permissions: UInt32)
}

/// A layout file line that could not be read.
public struct LayoutError: Error, Equatable, CustomStringConvertible {
    /// The file name given to `Layout.parse`.
    public let file: String
    /// 1-based line number.
    public let line: Int
    /// What is wrong.
    public let message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads layout files: one item per line, `#` starts a comment, fields split on blanks.
public enum Layout {
    /// Parses `text`; `file` only names the source in errors.
    public static func parse(_ text: String, file: String) throws(LayoutError) -> [LayoutItem] {
        var items: [LayoutItem] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let keyword = fields.first else { continue }
            func fail(_ message: String) -> LayoutError {
                LayoutError(file: file, line: index + 1, message: message)
            }
            func mode(_ field: String) throws(LayoutError) -> UInt32 {
                guard let value = UInt32(field, radix: 8), value <= 0o7777 else {
                    throw fail("invalid mode '\(field)' (octal, at most 7777)")
                }
                return value
            }
            func number(_ field: String) throws(LayoutError) -> UInt32 {
                guard let value = UInt32(field) else { throw fail("invalid device number '\(field)'") }
                return value
            }
            switch (keyword, fields.count) {
            case ("dir", 3):
                items.append(.directory(path: fields[1], permissions: try mode(fields[2])))
            case ("nod", 6):
                guard fields[3] == "c" || fields[3] == "b" else {
                    throw fail("device type must be 'c' or 'b', not '\(fields[3])'")
                }
                items.append(.node(path: fields[1], permissions: try mode(fields[2]), character: fields[3] == "c",
                                   major: try number(fields[4]), minor: try number(fields[5])))
            case ("slink", 3):
                items.append(.symlink(path: fields[1], target: fields[2]))
            case ("file", 4):
                items.append(.file(path: fields[1], source: fields[2], permissions: try mode(fields[3])))
            case ("dir", _), ("nod", _), ("slink", _), ("file", _):
                throw fail("wrong number of fields for '\(keyword)'")
            default:
                throw fail("unknown item '\(keyword)' (expected dir, nod, slink or file)")
            }
        }
        return items
    }
}

extension Archive {
    /// Adds a layout item; `contents` supplies the bytes of `file` items by source.
    public mutating func add(_ item: LayoutItem, contents: (String) throws -> [UInt8]) throws {
        switch item {
        case .directory(let path, let permissions):
            try addDirectory(path, permissions: permissions)
        case .node(let path, let permissions, let character, let major, let minor):
            let kind: EntryKind = character ? .characterDevice(major: major, minor: minor)
                                            : .blockDevice(major: major, minor: minor)
            try add(Entry(path: path, kind: kind, permissions: permissions))
        case .symlink(let path, let target):
            try addSymlink(path, target: target)
        case .file(let path, let source, let permissions):
            try addFile(path, contents: try contents(source), permissions: permissions)
        }
    }
}
