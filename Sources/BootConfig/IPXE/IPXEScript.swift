/// One iPXE script, split into lines: `#!ipxe` first, `#` comments, `:label` lines,
/// trailing `\` joining lines; each line splits into `&&`/`||` chained commands.
struct IPXEScript {
    /// How a command joins the one before it on its line.
    enum Link { case first, and, or }

    struct Command {
        var link: Link
        /// The words before expansion (quotes keep blanks inside one word; a setting
        /// expands within its word).
        var words: [String]
    }

    struct Line {
        /// 1-based line in the file (the first physical line of a continued line).
        var number: Int
        var label: String?
        /// The commands of the line, split once here; settings are expanded in each
        /// command's words only when it runs (as iPXE does: so `choose target && goto
        /// ${target}` goes to the item chosen).
        var commands: [Command]

        init(number: Int, label: String?, text: String) {
            self.number = number
            self.label = label
            commands = label == nil ? IPXEScript.commands(text) : []
        }
    }

    var url: String
    var lines: [Line] = []
    /// Line index (into `lines`) of each label.
    var labels: [String: Int] = [:]

    /// Parses `text`; nil when it does not start with `#!ipxe`.
    init?(url: String, text: String) {
        self.url = url
        guard text.hasPrefix("#!ipxe") else { return nil }
        let physical = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var index = 1
        while index < physical.count {
            let number = index + 1
            var text = String(physical[index])
            index += 1
            while text.hasSuffix("\\"), index < physical.count {
                text = String(text.dropLast()) + String(physical[index])
                index += 1
            }
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix(":") {
                let label = String(trimmed.dropFirst().prefix { $0 != " " && $0 != "\t" })
                if labels[label] == nil { labels[label] = lines.count }
                lines.append(Line(number: number, label: label, text: ""))
                continue
            }
            lines.append(Line(number: number, label: nil, text: String(trimmed)))
        }
    }

    /// Splits a line into words and `&&`/`||` chained commands. Works on the UTF-8
    /// bytes, as iPXE does (quotes, blanks, `\\`, `&&` and `||` are ASCII).
    static func commands(_ text: String) -> [Command] {
        var result: [Command] = []
        var words: [String] = []
        var word: [UInt8] = []
        var inWord = false
        var quote: UInt8?
        var link = Link.first
        let bytes = Array(text.utf8)
        func endWord() {
            if inWord { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
            inWord = false
        }
        func endCommand(_ next: Link) {
            endWord()
            result.append(Command(link: link, words: words))
            words = []
            link = next
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            let next: UInt8? = i < bytes.count ? bytes[i] : nil
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                quote = c
                inWord = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                endWord()
            case UInt8(ascii: "&") where next == UInt8(ascii: "&"):
                i += 1
                endCommand(.and)
            case UInt8(ascii: "|") where next == UInt8(ascii: "|"):
                i += 1
                endCommand(.or)
            case UInt8(ascii: "\\") where next != nil:
                // The escaped character whole (all bytes of a multi-byte one).
                var end = i + 1
                while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
                word.append(contentsOf: bytes[i..<end])
                i = end
                inWord = true
            default:
                word.append(c)
                inWord = true
            }
        }
        endCommand(.first)
        return result
    }
}

extension String.UTF8View {
    /// Whether the text holds `${` (a setting to expand).
    var containsDollarBrace: Bool {
        var previous: UInt8 = 0
        for byte in self {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { return true }
            previous = byte
        }
        return false
    }
}
