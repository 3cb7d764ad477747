import Testing
@testable import BootConfig

/// Entries `a`, `b`, `c` (type 1) and `u` (a UKI) in menu order.
private let ids: [(id: String, suffix: String)] = [("a", ".conf"), ("b", ".conf"), ("c", ".conf"), ("u", ".efi")]

private func conf(_ text: String) -> LoaderConf { LoaderConf(text: text) }

@Suite("Boot Loader Interface: default entry")
struct LoaderDefaultTests {
    func pick(_ conf: LoaderConf?, _ v: LoaderVariables?) -> (Int, LoaderInterface.DefaultSource)? {
        LoaderInterface.defaultEntry(conf: conf, variables: v, ids: ids).map { ($0.index, $0.source) }
    }

    @Test func withoutVariablesLoaderConfDecides() {
        #expect(pick(conf("default b.conf"), nil)! == (1, .loaderConf))
        #expect(pick(conf(""), nil) == nil)
        #expect(pick(nil, LoaderVariables()) == nil)
    }

    @Test func oneShotWinsOverEverything() {
        let v = LoaderVariables(entryOneShot: "c.conf", entryDefault: "b.conf", entryLastBooted: "a.conf")
        #expect(pick(conf("default u.efi"), v)! == (2, .oneShot))
    }

    @Test func entryDefaultVariableWinsOverLoaderConf() {
        #expect(pick(conf("default a.conf"), LoaderVariables(entryDefault: "c.conf"))! == (2, .variable))
    }

    @Test func namesAreGlobsMatchedCaseInsensitivelyWithOrWithoutSuffix() {
        #expect(pick(nil, LoaderVariables(entryOneShot: "B"))! == (1, .oneShot))
        #expect(pick(nil, LoaderVariables(entryOneShot: "*.efi"))! == (3, .oneShot))
        #expect(pick(nil, LoaderVariables(entryDefault: "[bc]*"))! == (1, .variable))
    }

    @Test func aNameThatMatchesNothingFallsThrough() {
        let v = LoaderVariables(entryOneShot: "gone.conf", entryDefault: "also-gone")
        #expect(pick(conf("default c.conf"), v)! == (2, .loaderConf))
        #expect(pick(nil, v) == nil)
    }

    @Test func savedInLoaderConfUsesLastBooted() {
        #expect(pick(conf("default @saved"), LoaderVariables(entryLastBooted: "c.conf"))! == (2, .loaderConf))
        // Nothing saved yet (or no EFI variables): the first entry, as systemd-boot.
        #expect(pick(conf("default @saved"), LoaderVariables()) == nil)
        #expect(pick(conf("default @saved"), nil) == nil)
    }

    @Test func savedInTheVariableUsesLastBooted() {
        let v = LoaderVariables(entryDefault: "@saved", entryLastBooted: "u.efi")
        #expect(pick(conf("default a.conf"), v)! == (3, .variable))
        // @saved with nothing saved falls through to loader.conf.
        #expect(pick(conf("default b.conf"), LoaderVariables(entryDefault: "@saved"))! == (1, .loaderConf))
    }
}

@Suite("Boot Loader Interface: timeout")
struct LoaderTimeoutTests {
    func timeout(_ text: String?, _ v: LoaderVariables?) -> Int?? {
        .some(LoaderInterface.timeout(conf: text.map(conf), variables: v))
    }

    @Test func loaderConfAloneAsBefore() {
        #expect(timeout("timeout 5", nil) == .some(5))
        #expect(timeout(nil, nil) == .some(0))
        #expect(timeout("timeout menu-force", LoaderVariables()) == .some(nil))
    }

    @Test func variableOverridesLoaderConf() {
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "12")) == .some(12))
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "menu-force")) == .some(nil))
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "menu-hidden")) == .some(0))
        // bootctl writes menu-force as the largest 32-bit number.
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "4294967295")) == .some(nil))
        // Not a timeout: ignored, loader.conf stays.
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "soon")) == .some(5))
    }

    @Test func oneShotOverridesBothAndForcesTheMenu() {
        let v = LoaderVariables(configTimeout: "3", configTimeoutOneShot: "20")
        #expect(timeout("timeout 5", v) == .some(20))
        // 0 (and menu-hidden) as a one-shot show the menu and wait.
        #expect(timeout("timeout 5", LoaderVariables(configTimeout: "3", configTimeoutOneShot: "0")) == .some(nil))
        #expect(timeout(nil, LoaderVariables(configTimeoutOneShot: "menu-hidden")) == .some(nil))
    }
}

@Suite("Boot Loader Interface: what a boot records")
struct LoaderBootRecordTests {
    func record(_ index: Int, _ text: String?, _ v: LoaderVariables) -> LoaderBootRecord {
        LoaderInterface.bootRecord(booting: index, ids: ids, conf: text.map(conf), variables: v)
    }

    @Test func selectedAndEntriesAreLowerCasedFileNames() {
        let r = LoaderInterface.bootRecord(booting: 0, ids: [("Fedora-6.8", ".conf"), ("x", ".efi")], conf: nil,
                                           variables: LoaderVariables())
        #expect(r.selected == "fedora-6.8.conf")
        #expect(r.entries == ["fedora-6.8.conf", "x.efi"])
        #expect(r == LoaderBootRecord(selected: "fedora-6.8.conf", entries: ["fedora-6.8.conf", "x.efi"],
                                      deleteOneShot: false, deleteTimeoutOneShot: false, lastBooted: .keep))
    }

    @Test func oneShotVariablesAreConsumedByAnyBoot() {
        let v = LoaderVariables(entryOneShot: "c.conf", configTimeoutOneShot: "0")
        #expect(record(2, nil, v).deleteOneShot)
        #expect(record(0, nil, v).deleteOneShot)
        #expect(record(0, nil, v).deleteTimeoutOneShot)
        #expect(!record(0, nil, LoaderVariables()).deleteOneShot)
    }

    @Test func savedRecordsTheBootedEntry() {
        #expect(record(1, "default @saved", LoaderVariables(entryLastBooted: "a.conf")).lastBooted == .set("b.conf"))
        #expect(record(1, nil, LoaderVariables(entryDefault: "@saved")).lastBooted == .set("b.conf"))
        // Already saved: no write.
        #expect(record(1, "default @saved", LoaderVariables(entryLastBooted: "b.conf")).lastBooted == .keep)
    }

    @Test func aOneShotBootLeavesTheSavedEntryAlone() {
        let v = LoaderVariables(entryOneShot: "c.conf", entryLastBooted: "a.conf")
        #expect(record(2, "default @saved", v).lastBooted == .keep)
        #expect(record(1, "default @saved", v).lastBooted == .set("b.conf"))
    }

    @Test func withoutSavedTheLastBootedVariableIsDeleted() {
        #expect(record(1, "default a.conf", LoaderVariables(entryLastBooted: "a.conf")).lastBooted == .delete)
        #expect(record(1, "default a.conf", LoaderVariables()).lastBooted == .keep)
        // LoaderEntryDefault set to an entry overrides loader.conf's @saved.
        #expect(record(1, "default @saved", LoaderVariables(entryDefault: "a.conf", entryLastBooted: "c.conf")).lastBooted == .delete)
    }

    @Test func updatesListEveryVariableInOrder() {
        let r = LoaderBootRecord(selected: "b.conf", entries: ["a.conf", "b.conf"], deleteOneShot: true,
                                 deleteTimeoutOneShot: false, lastBooted: .set("b.conf"))
        let updates = r.updates(info: "swiftboot 0.1.0", initMicroseconds: 1_500_000, execMicroseconds: 2_250_000)
        #expect(updates.map(\.name) == ["LoaderInfo", "LoaderFeatures", "LoaderEntries", "LoaderEntrySelected",
                                        "LoaderEntryOneShot", "LoaderEntryLastBooted", "LoaderTimeInitUSec",
                                        "LoaderTimeExecUSec"])
        #expect(updates.map(\.value) == [.text("swiftboot 0.1.0"), .bits(LoaderFeatures.honoured.rawValue),
                                         .list(["a.conf", "b.conf"]), .text("b.conf"), nil, .text("b.conf"),
                                         .text("1500000"), .text("2250000")])
    }
}

@Suite("Boot Loader Interface: features and timeout values")
struct LoaderFeaturesTests {
    @Test func honouredBitsAreTheSpecValues() {
        // CONFIG_TIMEOUT 1<<0, CONFIG_TIMEOUT_ONE_SHOT 1<<1, ENTRY_DEFAULT 1<<2, ENTRY_ONESHOT 1<<3,
        // BOOT_COUNTING 1<<4, XBOOTLDR 1<<5, SORT_KEY 1<<8, SAVED_ENTRY 1<<9, TYPE1_UKI 1<<16.
        #expect(LoaderFeatures.honoured.rawValue == 0x1_033f)
        #expect(!LoaderFeatures.honoured.contains(.randomSeed))
        #expect(!LoaderFeatures.honoured.contains(.loadDriver))
        #expect(!LoaderFeatures.honoured.contains(.devicetree))
        #expect(!LoaderFeatures.honoured.contains(.menuDisable))
    }

    @Test(arguments: [
        ("7", LoaderConf.Timeout.seconds(7)), ("0", .seconds(0)), ("menu-force", .menuForce),
        ("menu-hidden", .menuHidden), ("menu-disabled", .menuDisabled), ("4294967295", .menuForce),
        ("18446744073709551615", .menuForce),
    ])
    func timeoutValues(_ text: String, _ expected: LoaderConf.Timeout) {
        #expect(LoaderConf.Timeout(variable: text) == expected)
    }

    @Test(arguments: ["", "-1", "5s", " 5"])
    func notTimeouts(_ text: String) {
        #expect(LoaderConf.Timeout(variable: text) == nil)
    }
}

@Suite("Boot Loader Interface: the BLS menu")
struct LoaderMenuTests {
    static let files = [
        "/loader/loader.conf": "default a\ntimeout 4\n",
        "/loader/entries/a.conf": "title A\nlinux /vmlinuz\n",
        "/loader/entries/b.conf": "title B\nlinux /vmlinuz\n",
        "/vmlinuz": "k",
    ]

    func scan(_ v: LoaderVariables?, extra: [Volume] = []) -> ConfigMenu {
        let esp = Volume(name: "esp", tree: MemoryTree(Self.files),
                         partType: "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", grubDevice: "hd1")
        return Scanner.scan(ScanContext(volumes: extra + [esp], loaderVariables: v))
    }

    @Test func variablesPickTheDefaultAndTimeout() {
        let menu = scan(LoaderVariables(entryOneShot: "b.conf", configTimeoutOneShot: "9"))
        #expect(menu.entries.map(\.id) == ["b", "a"])
        #expect(menu.entries[menu.defaultIndex!].id == "b")
        #expect(menu.timeout == 9)
    }

    @Test func entriesCarryTheirRecordOnlyWithEFIVariables() {
        #expect(scan(nil).entries.allSatisfy { $0.writes.isEmpty })
        let menu = scan(LoaderVariables(entryOneShot: "a.conf"))
        #expect(menu.entries[0].writes == [.loaderVariables(LoaderBootRecord(
            selected: "b.conf", entries: ["b.conf", "a.conf"], deleteOneShot: true, deleteTimeoutOneShot: false,
            lastBooted: .keep))])
    }

    @Test func aRequestedDefaultWinsOverAnEarlierDisksConfig() {
        let grub = Volume(name: "sda1", tree: MemoryTree([
            "/boot/grub/grub.cfg": "set timeout=7\nmenuentry 'Debian' {\n linux /vmlinuz\n}\n", "/vmlinuz": "k",
        ]), grubDevice: "hd0")
        let plain = scan(LoaderVariables(), extra: [grub])
        #expect(plain.entries[plain.defaultIndex!].title == "Debian")
        let asked = scan(LoaderVariables(entryOneShot: "b.conf"), extra: [grub])
        #expect(asked.entries[asked.defaultIndex!].id == "b")
        #expect(asked.entries.filter(\.isDefault).map(\.id) == ["b"])
        // loader.conf's own default does not outrank the first disk's.
        let conf = scan(LoaderVariables(configTimeout: "2"), extra: [grub])
        #expect(conf.entries[conf.defaultIndex!].title == "Debian")
        #expect(conf.timeout == 7)
    }
}

@Suite("Boot Loader Interface: UKIs alone")
struct LoaderUKITests {
    @Test func aOneShotPicksAUKIAndItsBootIsRecorded() throws {
        let tree = MemoryTree(bytes: ["/EFI/Linux/one.efi": UKITestPE.uki(), "/EFI/Linux/two.efi": UKITestPE.uki()])
        let esp = Volume(name: "esp", tree: tree, grubDevice: "hd0")
        let menu = try #require(UKISource.scan(volume: esp, context: ScanContext(
            volumes: [esp], loaderVariables: LoaderVariables(entryOneShot: "one.efi"))))
        let i = try #require(menu.defaultIndex)
        #expect(menu.entries[i].id == "one")
        #expect(menu.firmwareDefault)
        guard case .loaderVariables(let record)? = menu.entries[i].writes.last else {
            Issue.record("no Boot Loader Interface write")
            return
        }
        #expect(record.selected == "one.efi")
        #expect(Set(record.entries) == ["one.efi", "two.efi"])
        #expect(record.deleteOneShot)
    }
}
