/// Fedora/RHEL GRUB's `blscfg`: turns `loader/entries/*.conf` of the boot device into
/// menu entries, as rhboot/grub2 `grub-core/commands/blscfg.c` does.
extension GrubInterpreter {
    func blscfg(_ args: [String], line: Int) -> Int32 {
        guard let volume = volume(forDevice: env["root"] ?? "") ?? currentVolume else {
            report("blscfg: no boot device", line: line)
            return 1
        }
        var directories: [(Volume, String)] = []
        if let blsdir = env["blsdir"], !blsdir.isEmpty, let resolved = resolve(blsdir) {
            directories = [(resolved.volume, resolved.path)]
        } else {
            directories = [(volume, "/loader/entries"), (volume, "/boot/loader/entries")]
        }
        for (dirVolume, directory) in directories {
            let entries = readEntries(dirVolume, directory)
            guard !entries.isEmpty else { continue }
            for entry in entries { addEntry(entry, volume: dirVolume, directory: directory) }
            blsVolumes.insert(dirVolume.name)
            return 0
        }
        return 0
    }

    /// The entry files of a directory, newest first by blscfg's comparison; files that
    /// compare equal to one already kept are dropped, as blscfg drops them.
    private func readEntries(_ volume: Volume, _ directory: String) -> [BLSEntryFile] {
        guard let names = try? volume.tree.list(directory) else { return [] }
        var entries: [(String, BLSEntryFile)] = []
        for name in names where name.hasSuffix(".conf") && !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard volume.tree.isFile(path), let text = try? volume.tree.readText(path) else { continue }
            let id = String(name.dropLast(5))
            if entries.contains(where: { GrubVersionCompare.compareEntryNames($0.0, id) == 0 }) { continue }
            entries.append((id, BLSEntryFile(fileName: name, text: text)))
        }
        entries.sort { a, b in
            let r = GrubVersionCompare.compareEntryNames(a.0, b.0)
            return r != 0 ? r > 0 : a.0 < b.0
        }
        return entries.map(\.1)
    }

    /// blscfg's `$name` expansion of `options`: variables from the environment, each
    /// followed by a space; `\$` and `${…}` are left to the script engine.
    func blsExpand(_ text: String) -> String {
        var out = ""
        var chars = Substring(text)
        while let c = chars.first {
            if c == "\\", chars.dropFirst().first == "$" {
                out += "\\$"
                chars = chars.dropFirst(2)
                continue
            }
            if c == "$" {
                let name = chars.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !name.isEmpty, name.allSatisfy(\.isASCII) {
                    out += (env[String(name)] ?? "") + " "
                    chars = chars.dropFirst(1 + name.count)
                    continue
                }
            }
            out.append(c)
            chars = chars.dropFirst()
        }
        return out
    }

    private func addEntry(_ entry: BLSEntryFile, volume: Volume, directory: String) {
        let id = String(entry.fileName.dropLast(5))
        let file = GrubFile(volume: volume.name, path: directory + "/" + entry.fileName)
        guard let linux = entry.first("linux") else { return }
        let title = entry.first("title") ?? linux
        let options: String
        let optionLines = entry.all("options")
        if optionLines.isEmpty {
            options = blsExpand("$default_kernelopts")
        } else {
            options = optionLines.map(blsExpand).joined(separator: " ")
        }
        var src = ""
        if env["save_default"] == "true" { src += "savedefault\n" }
        src += "load_video\nset gfxpayload=keep\ninsmod gzio\n"
        src += "linux ($root)\(linux)\(options.isEmpty ? "" : " " + options)\n"
        var initrdWords: [String] = []
        if let early = env["early_initrd"], !early.isEmpty {
            let dir = Path.directory(of: linux)
            for name in early.split(separator: " ") {
                initrdWords.append("($root)" + (dir == "/" ? "" : dir) + "/" + name)
            }
        }
        for value in entry.all("initrd") { initrdWords.append("($root)" + value) }
        if !initrdWords.isEmpty { src += "initrd " + initrdWords.joined(separator: " ") + "\n" }
        if let dt = entry.first("devicetree") { src += "devicetree ($root)" + blsExpand(dt) + "\n" }
        let parsed = GrubParser.parse(src)
        for e in parsed.errors {
            errors.append(ConfigError(volume: file.volume, config: file.path, line: entry.line(of: "options"), message: e.message))
        }
        var hotkey: Character?
        if let key = entry.first("grub_hotkey") { hotkey = key.first }
        items.append(GrubMenuItem(submenu: false, title: title, id: id, hotkey: hotkey, arguments: [title],
                                  body: parsed.all, file: file, line: entry.line(of: "title")))
    }
}
