// The bench's coldplug_match_instructions (scripts/bench): reads a modules.alias table
// and matches every modalias of a list against it, as PID 1's coldplug does before the
// first driver loads (ModuleLoader.coldplug: ModuleAliases(parsing:), modules(for:)).
//
//   coldplug-match MODULES.ALIAS MODALIASES   prints how many modules were found
#if canImport(Glibc)
import Glibc
#endif

func readText(_ path: String) -> String {
    guard let file = fopen(path, "r") else {
        fputs("coldplug-match: cannot open \(path)\n", stderr)
        exit(1)
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

@main
struct ColdplugMatch {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            fputs("usage: coldplug-match MODULES.ALIAS MODALIASES\n", stderr)
            exit(2)
        }
        let table = ModuleAliases(parsing: readText(arguments[1]))
        var found = 0
        var seen = Set<Substring>()
        for alias in readText(arguments[2]).split(separator: "\n") where seen.insert(alias).inserted {
            found += table.modules(for: String(alias)).count
        }
        print("\(seen.count) modaliases, \(found) modules")
    }
}
