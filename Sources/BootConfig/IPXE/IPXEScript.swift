/// One iPXE script, split into lines: `#!ipxe` first, `#` comments, `:label` lines,
/// trailing `\` joining lines; each line splits into `&&`/`||` chained commands.
struct IPXEScript {
    /// How a command joins the one before it on its line.
    enum Link { case first, and, or }

    struct Command {
        var link: Link
        /// The words before expansion (quotes keep blanks inside one word).
        var words: [String]
    }

    struct Line {
        /// 1-based line in the file (the first physical line of a continued line).
        var number: Int
        var label: String?
        /// The command text, expanded and split (`commands(_:)`) when it runs, as
        /// iPXE expands settings before splitting a line.
        var text: String
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

    /// Splits a line into words and `&&`/`||` chained commands.
    static func commands(_ text: String) -> [Command] {
        var result: [Command] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var link = Link.first
        var chars = Array(text)[...]
        func endWord() {
            if inWord { words.append(word) }
            word = ""
            inWord = false
        }
        func endCommand(_ next: Link) {
            endWord()
            result.append(Command(link: link, words: words))
            words = []
            link = next
        }
        while let c = chars.first {
            chars = chars.dropFirst()
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            switch c {
            case "\"", "'":
                quote = c
                inWord = true
            case " ", "\t":
                endWord()
            case "&" where chars.first == "&":
                chars = chars.dropFirst()
                endCommand(.and)
            case "|" where chars.first == "|":
                chars = chars.dropFirst()
                endCommand(.or)
            case "\\" where !chars.isEmpty:
                word.append(chars.first!)
                chars = chars.dropFirst()
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
