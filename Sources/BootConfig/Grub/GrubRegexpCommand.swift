/// `regexp`: matching a string, capturing groups into variables.
extension GrubInterpreter {
    /// `regexp [--set [NUMBER:]VAR]… REGEX STRING`: succeeds when REGEX matches; each
    /// `--set` stores group NUMBER (default 1) of the match in VAR.
    func regexp(_ args: [String], line: Int) -> Int32 {
        var sets: [String] = []
        var operands: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if a == "--set" || a == "-s" {
                if i < args.count { sets.append(args[i]); i += 1 }
            } else if a.hasPrefix("--set=") {
                sets.append(String(a.dropFirst(6)))
            } else {
                operands.append(a)
            }
        }
        guard operands.count == 2 else { report("regexp: two arguments expected", line: line); return 1 }
        guard let regex = GrubRegex(operands[0]) else {
            let shown = operands[0].count > 80 ? operands[0].prefix(80) + "…" : Substring(operands[0])
            report("regexp: invalid regular expression '\(shown)' (or groups nested deeper than "
                   + "\(GrubRegex.maxGroupNesting) levels)", line: line)
            return 1
        }
        var exhausted = false
        guard let match = regex.firstMatch(in: operands[1], exhausted: &exhausted) else {
            if exhausted {
                report("regexp: matching gave up after \(GrubRegex.maxSteps) steps or \(GrubRegex.maxMatchDepth) "
                       + "levels of backtracking; taken as no match", line: line)
            }
            return 1
        }
        for target in sets {
            var number = 1
            var name = target
            if let colon = target.firstIndex(of: ":"), let n = Int(target[..<colon]) {
                number = n
                name = String(target[target.index(after: colon)...])
            }
            guard number < match.count else {
                report("regexp: no group \(number) in '\(operands[0])'", line: line)
                return 1
            }
            env.set(name, match[number].map(String.init) ?? "")
        }
        return 0
    }
}
