import BootConfig
import Foundation
import Testing

/// Fixture trees on disk (tests/fixtures/..., ../shared/corpus/..., cache/...) read into
/// memory, and the comparison of a scanned menu with an expected.json / case.json.
enum SysblsFixtures {
    /// The repository root (this file is Tests/BootConfigTests/…).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixtures(_ sub: String) -> URL {
        repoRoot.appendingPathComponent("tests/fixtures").appendingPathComponent(sub)
    }

    /// `../shared/corpus` next to the repository, when it exists.
    static var sharedCorpus: URL? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Case folders (those holding `file`) under `dir`, sorted by name.
    static func cases(in dir: URL, holding file: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).appendingPathComponent(file).path)
        }.sorted()
    }

    /// Reads a directory tree into a MemoryTree, following symlinks. Files larger than
    /// `maxSize` become empty placeholders (configs are small; kernels need only exist).
    static func loadTree(_ dir: URL, maxSize: Int = 1 << 20) -> MemoryTree {
        var tree = MemoryTree()
        let fm = FileManager.default
        func walk(_ url: URL, _ path: String, depth: Int) {
            guard depth < 32, let names = try? fm.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                let childPath = path + "/" + name
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: child.path, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    walk(child, childPath, depth: depth + 1)
                } else {
                    let size = (try? fm.attributesOfItem(atPath: child.path)[.size] as? Int) ?? 0
                    let data = size <= maxSize ? (try? Data(contentsOf: child)) ?? Data() : Data()
                    tree.add(childPath, bytes: [UInt8](data))
                }
            }
        }
        walk(dir, "", depth: 0)
        return tree
    }

    /// A case: filesystems and the expected menu, as in the corpus' case.json.
    struct Case {
        var json: [String: Any]
        var context: ScanContext
        /// Volume name -> fs name of the case.
        var names: [String: String]
    }

    /// Loads `dir` with its `file` (expected.json or case.json); creates placeholder
    /// files for every kernel and initrd the expectation names.
    static func loadCase(_ dir: URL, file: String) throws -> Case {
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fsList = try #require(json["fs"] as? [[String: Any]])
        let entries = json["entries"] as? [[String: Any]] ?? []
        var volumes: [Volume] = []
        var names: [String: String] = [:]
        for (i, fs) in fsList.enumerated() {
            let name = try #require(fs["name"] as? String)
            let sub = try #require(fs["dir"] as? String)
            var tree = loadTree(dir.appendingPathComponent(sub))
            for e in entries where e["fs"] as? String == name {
                for p in [e["kernel"] as? String] + (e["initrds"] as? [String] ?? []) {
                    if let p, !tree.isFile(p) { tree.add(p, bytes: [UInt8](repeating: 0, count: 512)) }
                }
            }
            volumes.append(Volume(name: name, tree: tree, uuid: fs["uuid"] as? String, label: fs["label"] as? String,
                                  partType: fs["parttype"] as? String, grubDevice: "hd\(i)"))
            names[name] = name
        }
        let arch = json["architecture"] as? String ?? "x64"
        return Case(json: json, context: ScanContext(volumes: volumes, architecture: arch), names: names)
    }

    /// The differences between a scanned menu and the case's expectation. With
    /// `exactCmdline` false, `BOOT_IMAGE=` and `initrd=` words are ignored (corpus rule).
    static func differences(_ menu: ConfigMenu, _ c: Case, exactCmdline: Bool) -> [String] {
        var problems: [String] = []
        let want = c.json["entries"] as? [[String: Any]] ?? []
        let got = menu.entries
        if got.count != want.count {
            problems.append("\(got.count) entries, expected \(want.count): \(got.map(\.title))")
        }
        func words(_ s: String) -> [Substring] {
            s.split(separator: " ").filter { exactCmdline || !($0.hasPrefix("BOOT_IMAGE=") || $0.hasPrefix("initrd=")) }
        }
        for (i, (g, w)) in zip(got, want).enumerated() {
            let at = "entry \(i) (\(w["title"] as? String ?? "?"))"
            if g.title != w["title"] as? String { problems.append("\(at): title \(g.title)") }
            if let s = w["submenu"] as? [String], g.submenu != s { problems.append("\(at): submenu \(g.submenu)") }
            if g.fs != w["fs"] as? String { problems.append("\(at): fs \(g.fs)") }
            if g.kernel != w["kernel"] as? String { problems.append("\(at): kernel \(g.kernel)") }
            if g.initrds != w["initrds"] as? [String] ?? [] { problems.append("\(at): initrds \(g.initrds)") }
            if let cmd = w["cmdline"] as? String {
                let same = exactCmdline ? g.cmdline == cmd : words(g.cmdline) == words(cmd)
                if !same { problems.append("\(at): cmdline '\(g.cmdline)'") }
            }
            if let d = w["default"] as? Bool, g.isDefault != d { problems.append("\(at): default \(g.isDefault)") }
            if let id = w["id"] as? String, g.id != id { problems.append("\(at): id \(g.id)") }
            if w.keys.contains("devicetree"), g.devicetree != w["devicetree"] as? String {
                problems.append("\(at): devicetree \(g.devicetree ?? "null")")
            }
            if let hotkey = w["hotkey"] as? String, g.hotkey.map(String.init) != hotkey {
                problems.append("\(at): hotkey \(g.hotkey.map(String.init) ?? "none")")
            }
            if let bad = w["bad"] as? Bool, g.isBad != bad { problems.append("\(at): bad \(g.isBad)") }
            if w.keys.contains("bad") {
                let rename = (w["rename"] as? [String]).map { BootWrite.renameEntry(volume: g.fs, from: $0[0], to: $0[1]) }
                if g.writes != (rename.map { [$0] } ?? []) { problems.append("\(at): writes \(g.writes)") }
            }
        }
        if c.json.keys.contains("timeout") {
            let want = c.json["timeout"] as? Int
            if menu.timeout != want { problems.append("timeout \(menu.timeout.map(String.init) ?? "null")") }
        }
        if let errors = c.json["errors"] as? [[String: Any]] {
            let got = menu.errors.map { "\($0.config):\($0.line.map(String.init) ?? "-"): \($0.message)" }
            let want = errors.map { "\($0["config"] as? String ?? ""):\(($0["line"] as? Int).map(String.init) ?? "-"): \($0["message"] as? String ?? "")" }
            if got != want { problems.append("errors \(got)") }
        }
        return problems
    }
}
