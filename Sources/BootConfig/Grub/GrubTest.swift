/// GRUB's `test` / `[ … ]`, evaluated as `grub-core/commands/test.c` does: at each
/// position a three-word comparison is tried first, then a two-word test, then `(`, `)`,
/// `!`, `-a`, `-o`; anything else is a string that is true when non-empty. Two tests side
/// by side are ANDed; `-a` binds tighter than `-o`. So `[ != 1 ]` (an unset variable
/// left unquoted) is two non-empty strings: true.
struct GrubTest {
    /// `(` nested at most in one test; deeper, the test is false and an error is
    /// reported (GRUB itself recurses without a limit).
    static let maxNesting = 64

    let interpreter: GrubInterpreter

    /// The test's value; false, with an error at `line`, when `(` nests deeper than
    /// `maxNesting`.
    func evaluate(_ args: ArraySlice<String>, line: Int) -> Bool {
        var index = args.startIndex
        var tooDeep = false
        let value = parse(args, &index, depth: 0, tooDeep: &tooDeep)
        if tooDeep {
            interpreter.report("test: parentheses nested deeper than \(Self.maxNesting) levels", line: line)
            return false
        }
        return value
    }

    private func parse(_ args: ArraySlice<String>, _ index: inout Int, depth: Int, tooDeep: inout Bool) -> Bool {
        var orValue = false
        var andValue = true
        var invert = false

        func update(_ value: Bool) {
            andValue = andValue && (invert ? !value : value)
            invert = false
        }

        while index < args.endIndex {
            let a = args[index]
            if index + 2 < args.endIndex, let result = binary(a, args[index + 1], args[index + 2]) {
                update(result)
                index += 3
                continue
            }
            if index + 1 < args.endIndex, let result = unary(a, args[index + 1]) {
                update(result)
                index += 2
                continue
            }
            switch a {
            case ")":
                index += 1
                return orValue || andValue
            case "(":
                index += 1
                guard depth < Self.maxNesting else {
                    tooDeep = true
                    index = args.endIndex
                    return false
                }
                update(parse(args, &index, depth: depth + 1, tooDeep: &tooDeep))
            case "!":
                invert.toggle()
                index += 1
            case "-a":
                index += 1
            case "-o":
                orValue = orValue || andValue
                andValue = true
                index += 1
            default:
                update(!a.isEmpty)
                index += 1
            }
        }
        return orValue || andValue
    }

    private func binary(_ lhs: String, _ op: String, _ rhs: String) -> Bool? {
        switch op {
        case "=", "==": return lhs == rhs
        case "!=": return lhs != rhs
        case "<": return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        case "<=": return !rhs.utf8.lexicographicallyPrecedes(lhs.utf8)
        case ">": return rhs.utf8.lexicographicallyPrecedes(lhs.utf8)
        case ">=": return !lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        case "-eq": return Self.number(lhs) == Self.number(rhs)
        case "-ne": return Self.number(lhs) != Self.number(rhs)
        case "-lt": return Self.number(lhs) < Self.number(rhs)
        case "-le": return Self.number(lhs) <= Self.number(rhs)
        case "-gt": return Self.number(lhs) > Self.number(rhs)
        case "-ge": return Self.number(lhs) >= Self.number(rhs)
        case "-pgt", "-plt":
            // Compare the numbers that follow a common non-numeric prefix.
            let (a, b) = Self.stripCommonPrefix(lhs, rhs)
            return op == "-pgt" ? Self.number(a) > Self.number(b) : Self.number(a) < Self.number(b)
        case "-nt", "-ot":
            // Modification times are not known here; GRUB compares them, we cannot.
            return false
        default:
            if op.hasPrefix("-nt") || op.hasPrefix("-ot") { return false }
            return nil
        }
    }

    private func unary(_ op: String, _ operand: String) -> Bool? {
        switch op {
        case "-n": return !operand.isEmpty
        case "-z": return operand.isEmpty
        case "-e", "-f", "-d", "-s":
            guard let (volume, path) = interpreter.resolve(operand) else { return false }
            let kind = volume.tree.kind(path)
            switch op {
            case "-e": return kind != nil
            case "-f": return kind == .file
            case "-d": return kind == .directory
            default:
                guard kind == .file, let bytes = try? volume.tree.read(path) else { return false }
                return !bytes.isEmpty
            }
        default:
            return nil
        }
    }

    /// `grub_strtol(s, 0, 0)`-like: optional sign, `0x` hex, leading `0` octal, stops at
    /// the first non-digit; no digits gives 0.
    static func number(_ s: String) -> Int64 {
        var chars = Substring(s.grubTrimmed)
        var negative = false
        if chars.first == "-" { negative = true; chars = chars.dropFirst() } else if chars.first == "+" { chars = chars.dropFirst() }
        var base: Int64 = 10
        if chars.hasPrefix("0x") || chars.hasPrefix("0X") { base = 16; chars = chars.dropFirst(2) } else if chars.hasPrefix("0") && chars.count > 1 { base = 8 }
        var value: Int64 = 0
        for c in chars {
            guard let d = c.hexDigitValue, Int64(d) < base else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: base)
            let (r, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return negative ? Int64.min : Int64.max }
            value = r
        }
        return negative ? -value : value
    }

    private static func stripCommonPrefix(_ a: String, _ b: String) -> (String, String) {
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex, j < b.endIndex, a[i] == b[j], !a[i].isNumber {
            i = a.index(after: i)
            j = b.index(after: j)
        }
        return (String(a[i...]), String(b[j...]))
    }
}
