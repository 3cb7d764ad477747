import BootConfig
import Foundation
import Testing

private func volume(_ files: [String: String], name: String = "esp") -> Volume {
    Volume(name: name, tree: MemoryTree(files), grubDevice: "hd0")
}

private func scan(_ files: [String: String], architecture: String = "x64") -> ConfigMenu? {
    let v = volume(files)
    return BLSSource.scan(volume: v, context: ScanContext(volumes: [v], architecture: architecture))
}

@Suite("BLS entry file names and boot counting")
struct BLSEntryNameTests {
    @Test func plainNameHasNoCounter() throws {
        let name = try #require(BLSEntryName(fileName: "fedora-6.8.5.conf"))
        #expect(name.id == "fedora-6.8.5")
        #expect(name.counter == nil)
        #expect(name.nameAfterBootAttempt == nil)
    }

    @Test func counterWithLeftAndDone() throws {
        let name = try #require(BLSEntryName(fileName: "fedora-6.8.5+3-1.conf"))
        #expect(name.id == "fedora-6.8.5")
        #expect(name.counter?.left == 3)
        #expect(name.counter?.done == 1)
        #expect(name.nameAfterBootAttempt == "fedora-6.8.5+2-2.conf")
    }

    @Test func missingDoneCountsAsZero() throws {
        let name = try #require(BLSEntryName(fileName: "a+3.conf"))
        #expect(name.counter?.done == 0)
        #expect(name.nameAfterBootAttempt == "a+2-1.conf")
    }

    @Test func digitWidthsAreKeptAndDoneIsCapped() throws {
        #expect(BLSEntryName(fileName: "a+10-05.conf")?.nameAfterBootAttempt == "a+09-06.conf")
        #expect(BLSEntryName(fileName: "a+5-9.conf")?.nameAfterBootAttempt == "a+4-9.conf")
    }

    @Test func noTriesLeftIsBadAndNotRenamed() throws {
        let name = try #require(BLSEntryName(fileName: "a+0-3.conf"))
        #expect(name.counter?.isBad == true)
        #expect(name.nameAfterBootAttempt == nil)
    }

    @Test(arguments: ["a+1.conf", "a+5-0.conf", "x-6.8+99-3.conf", "a+10-99.conf", "a+007-1.conf"])
    func aCountedAttemptLeavesOneTryLessAndOneMoreDone(_ fileName: String) throws {
        let name = try #require(BLSEntryName(fileName: fileName))
        let next = try #require(name.nameAfterBootAttempt)
        let after = try #require(BLSEntryName(fileName: next))
        #expect(after.id == name.id)
        #expect(after.counter?.left == (name.counter?.left ?? 0) - 1)
        #expect(after.counter?.done ?? 0 >= name.counter?.done ?? 0)
    }

    @Test func onlyDigitsRunningToTheSuffixCount() throws {
        #expect(BLSEntryName(fileName: "c++17+x.conf")?.counter == nil)
        #expect(BLSEntryName(fileName: "a+1-2b.conf")?.counter == nil)
        #expect(BLSEntryName(fileName: "a+1+2.conf")?.id == "a+1")
        #expect(BLSEntryName(fileName: "a.cfg") == nil)
    }
}

@Suite("BLS entries")
struct BLSEntryTests {
    @Test func optionsRepeatAndJoinAndInitrdsKeepOrder() throws {
        let menu = try #require(scan([
            "/loader/entries/a.conf": "title A\nlinux /k\ninitrd /u.img\ninitrd /i.img\noptions root=/dev/sda\noptions  quiet\n",
            "/k": "", "/u.img": "", "/i.img": "",
        ]))
        #expect(menu.entries.first?.cmdline == "root=/dev/sda quiet")
        #expect(menu.entries.first?.initrds == ["/u.img", "/i.img"])
        #expect(menu.entries.first?.source == .bls)
    }

    @Test func pathsMayLackTheLeadingSlash() throws {
        let menu = try #require(scan(["/loader/entries/a.conf": "linux k/linux\ndevicetree dtb/board.dtb\n", "/k/linux": ""]))
        #expect(menu.entries.first?.kernel == "/k/linux")
        #expect(menu.entries.first?.devicetree == "/dtb/board.dtb")
    }

    @Test func foreignArchitecturesAreSkippedAndUnknownOnesReported() throws {
        let menu = try #require(scan([
            "/loader/entries/arm.conf": "linux /k\narchitecture AA64\n",
            "/loader/entries/x.conf": "linux /k\narchitecture x64\n",
            "/loader/entries/odd.conf": "linux /k\narchitecture pdp11\n",
            "/k": "",
        ]))
        #expect(menu.entries.map(\.id) == ["x"])
        #expect(menu.errors.map(\.message) == ["unknown architecture 'pdp11'"])
        #expect(menu.errors.first?.line == 2)
    }

    @Test func efiEntriesAreNotKexecable() throws {
        let menu = try #require(scan(["/loader/entries/m.conf": "title memtest\nefi /memtest.efi\n", "/memtest.efi": ""]))
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.isEmpty)
    }

    @Test func entriesWhoseKernelIsMissingAreReported() throws {
        let menu = try #require(scan(["/loader/entries/a.conf": "title A\nlinux /gone\n"]))
        #expect(menu.entries.isEmpty)
        #expect(menu.errors.first?.config == "/loader/entries/a.conf")
        #expect(menu.errors.first?.line == 2)
    }

    @Test func unknownKeysAreReportedButGrubKeysAccepted() throws {
        let menu = try #require(scan([
            "/loader/entries/a.conf": "linux /k\ngrub_class fedora\nfrobnicate 1\n", "/k": "",
        ]))
        #expect(menu.entries.count == 1)
        #expect(menu.errors.map(\.line) == [3])
    }

    @Test func rootFilesystemEntriesMayNameKernelsRelativeToBoot() throws {
        let menu = try #require(scan([
            "/boot/loader/entries/a.conf": "linux /vmlinuz-1\ninitrd /initrd-1\n", "/boot/vmlinuz-1": "",
        ]))
        #expect(menu.entries.first?.kernel == "/boot/vmlinuz-1")
        #expect(menu.entries.first?.initrds == ["/boot/initrd-1"])
    }

    @Test func volumesWithoutEntriesGiveNoMenu() {
        #expect(scan(["/EFI/BOOT/BOOTX64.EFI": ""]) == nil)
    }

    @Test func crlfEntryFilesReadLikeLFOnes() throws {
        let menu = try #require(scan(["/loader/entries/a.conf": "title A\r\nlinux /k\r\noptions quiet\r\n", "/k": ""]))
        #expect(menu.entries.first?.title == "A")
        #expect(menu.entries.first?.cmdline == "quiet")
    }
}

@Suite("BLS order, default and timeout")
struct BLSOrderTests {
    private func key(_ id: String, sortKey: String? = nil, machineID: String? = nil, version: String? = nil,
                     counter: String = "") -> BLSOrder.Key {
        let name = BLSEntryName(fileName: id + counter + ".conf")!
        return BLSOrder.Key(id: name.id, sortKey: sortKey, machineID: machineID, version: version, counter: name.counter)
    }

    @Test func badEntriesGoLast() {
        #expect(BLSOrder.precedes(key("a"), key("z", counter: "+0-3")))
        #expect(BLSOrder.precedes(key("a", counter: "+1-1"), key("z", sortKey: "a", counter: "+0")))
    }

    @Test func sortKeyBeforeNoneThenSortKeyMachineIDAndVersionDescending() {
        #expect(BLSOrder.precedes(key("z", sortKey: "fedora"), key("a")))
        #expect(BLSOrder.precedes(key("z", sortKey: "arch"), key("a", sortKey: "debian")))
        #expect(BLSOrder.precedes(key("z", sortKey: "d", machineID: "1"), key("a", sortKey: "d", machineID: "2")))
        #expect(BLSOrder.precedes(key("a", sortKey: "d", machineID: "1", version: "6.10"),
                                  key("z", sortKey: "d", machineID: "1", version: "6.9")))
    }

    @Test func fileNamesNewestFirst() {
        #expect(BLSOrder.precedes(key("f-6.8.10"), key("f-6.8.9")))
        #expect(BLSOrder.precedes(key("m-5.6.6-300.fc32.x86_64"), key("m-0-rescue")))
    }

    @Test func tiesPreferMoreTriesLeft() {
        #expect(BLSOrder.precedes(key("a", counter: "+3"), key("a", counter: "+1")))
    }

    @Test func collidingTitlesGetVersionThenMachineIDThenID() {
        let titles = BLSOrder.uniqueTitles([
            (title: "Debian", version: "6.1", machineID: "aaaaaaaabbbb", id: "d1"),
            (title: "Debian", version: "6.2", machineID: nil, id: "d2"),
            (title: "Arch", version: "6.2", machineID: nil, id: "a"),
            (title: "Same", version: "1", machineID: "11111111x", id: "s1"),
            (title: "Same", version: "1", machineID: "22222222x", id: "s2"),
            (title: "Twin", version: nil, machineID: nil, id: "t1"),
            (title: "Twin", version: nil, machineID: nil, id: "t2"),
        ])
        #expect(titles == ["Debian (6.1)", "Debian (6.2)", "Arch", "Same (1) (11111111)", "Same (1) (22222222)",
                           "Twin (t1)", "Twin (t2)"])
    }

    @Test func loaderConfDefaultIsAGlobOverIdsFirstMatchInOrder() throws {
        let menu = try #require(scan([
            "/loader/loader.conf": "default fedora-*\ntimeout 3\n",
            "/loader/entries/fedora-6.8.conf": "linux /k\n",
            "/loader/entries/fedora-6.9.conf": "linux /k\n",
            "/loader/entries/arch.conf": "linux /k\n",
            "/k": "",
        ]))
        #expect(menu.entries.map(\.id) == ["fedora-6.9", "fedora-6.8", "arch"])
        #expect(menu.defaultIndex == 0)
        #expect(menu.timeout == 3)
    }

    @Test func loaderConfDefaultMayNameTheFileWithItsSuffix() throws {
        let menu = try #require(scan([
            "/loader/loader.conf": "default ARCH.conf\n",
            "/loader/entries/fedora.conf": "linux /k\n", "/loader/entries/arch.conf": "linux /k\n", "/k": "",
        ]))
        #expect(menu.entries[menu.defaultIndex ?? -1].id == "arch")
    }

    @Test func timeoutDefaultsToZeroAndMenuForceWaits() {
        #expect(LoaderConf(text: "").menuTimeout == 0)
        #expect(LoaderConf(text: "timeout 0\n").menuTimeout == 0)
        #expect(LoaderConf(text: "timeout menu-hidden\n").menuTimeout == 0)
        #expect(LoaderConf(text: "timeout menu-force\n").menuTimeout == nil)
        #expect(LoaderConf(text: "timeout 10\n").menuTimeout == 10)
        #expect(LoaderConf(text: "timeout soon\n").errors.map(\.line) == [1])
    }

    @Test func countedEntriesRenameWhenBootedAndBadOnesAreMarked() throws {
        let menu = try #require(scan([
            "/loader/entries/a+2-1.conf": "linux /k\n", "/loader/entries/b+0-3.conf": "linux /k\n", "/k": "",
        ]))
        #expect(menu.entries.map(\.id) == ["a", "b"])
        #expect(menu.entries[0].writes == [.renameEntry(volume: "esp", from: "/loader/entries/a+2-1.conf", to: "/loader/entries/a+1-2.conf")])
        #expect(menu.entries[1].isBad)
        #expect(menu.entries[1].writes == [])
    }
}

@Suite("BLS real layouts")
struct BLSCorpusTests {
    static let fixtureCases = SysblsFixtures.cases(in: SysblsFixtures.fixtures("bls"), holding: "expected.json")

    @Test(arguments: fixtureCases)
    func fixture(_ name: String) throws {
        let c = try SysblsFixtures.loadCase(SysblsFixtures.fixtures("bls").appendingPathComponent(name), file: "expected.json")
        #expect(SysblsFixtures.differences(Scanner.scan(c.context), c, exactCmdline: true) == [])
    }

    static let corpusCases: [String] = SysblsFixtures.sharedCorpus.map {
        SysblsFixtures.cases(in: $0, holding: "case.json").filter { $0.hasPrefix("uroot-bls") }
    } ?? []

    @Test(arguments: corpusCases)
    func corpus(_ name: String) throws {
        let dir = try #require(SysblsFixtures.sharedCorpus).appendingPathComponent(name)
        let c = try SysblsFixtures.loadCase(dir, file: "case.json")
        #expect(SysblsFixtures.differences(Scanner.scan(c.context), c, exactCmdline: false) == [])
    }
}

@Suite("BLS types and partitions shown together")
struct BLSGroupTests {
    static let esp = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
    static let xbootldr = "bc13c2ff-59e6-4262-a352-b275fd6f7172"

    @Test func type1AndType2EntriesAreSortedTogether() throws {
        var tree = MemoryTree([
            "/loader/entries/arch-6.9.conf": "title Arch\nsort-key arch\nversion 6.9\nlinux /k\n",
            "/loader/loader.conf": "default fedora*\n", "/k": "",
        ])
        tree.add("/EFI/Linux/fedora-6.8.efi", bytes: UKITestPE.uki(uname: "6.8"))
        let v = Volume(name: "esp", tree: tree, grubDevice: "hd0")
        let context = ScanContext(volumes: [v])
        let menu = try #require(BLSSource.scan(volume: v, context: context))
        // sort-key "arch" < "fedora" (the UKI's os-release ID).
        #expect(menu.entries.map(\.source) == [.bls, .uki])
        #expect(menu.defaultIndex == 1)
        #expect(UKISource.scan(volume: v, context: context) == nil)
    }

    @Test func theESPShowsItsXBootLdrPartitions() throws {
        let esp = Volume(name: "/dev/vda1", tree: MemoryTree(["/loader/loader.conf": "timeout 7\ndefault new*\n"]),
                         partType: Self.esp, device: "/dev/vda1", grubDevice: "hd0,gpt1")
        let boot = Volume(name: "/dev/vda2", tree: MemoryTree([
            "/loader/entries/new-6.9.conf": "linux /k9\n", "/loader/entries/old-6.1.conf": "linux /k1\n",
            "/k9": "", "/k1": "",
        ]), partType: Self.xbootldr, device: "/dev/vda2", grubDevice: "hd0,gpt2")
        let context = ScanContext(volumes: [esp, boot])
        #expect(BLSSource.scan(volume: boot, context: context) == nil)
        let menu = try #require(BLSSource.scan(volume: esp, context: context))
        #expect(menu.entries.map(\.fs) == ["/dev/vda2", "/dev/vda2"])
        #expect(menu.timeout == 7)
        #expect(menu.entries[menu.defaultIndex ?? -1].id == "new-6.9")
    }

    @Test func partitionsOfAnotherDiskStandAlone() throws {
        let esp = Volume(name: "/dev/vda1", tree: MemoryTree([:]), partType: Self.esp, device: "/dev/vda1", grubDevice: "hd0,gpt1")
        let boot = Volume(name: "/dev/nvme0n1p2", tree: MemoryTree(["/loader/entries/a.conf": "linux /k\n", "/k": ""]),
                          partType: Self.xbootldr, device: "/dev/nvme0n1p2", grubDevice: "hd1,gpt2")
        let menu = BLSSource.scan(volume: boot, context: ScanContext(volumes: [esp, boot]))
        #expect(menu?.entries.count == 1)
    }

    @Test func type1EntryMayNameAUKI() throws {
        var tree = MemoryTree(["/loader/entries/a.conf": "title Named\nuki /EFI/Linux/x.efi\n",
                               "/loader/entries/b.conf": "uki /EFI/Linux/x.efi\noptions single\n"])
        tree.add("/EFI/Linux/x.efi", bytes: UKITestPE.uki())
        let v = Volume(name: "esp", tree: tree, grubDevice: "hd0")
        let menu = try #require(BLSSource.scan(volume: v, context: ScanContext(volumes: [v])))
        let named = try #require(menu.entries.first { $0.id == "a" })
        #expect(named.kernelFormat == .uki)
        #expect(named.kernel == "/EFI/Linux/x.efi")
        #expect(named.cmdline == "root=/dev/sda2 quiet")
        #expect(menu.entries.first { $0.id == "b" }?.cmdline == "single")
    }
}

@Suite("BLS entries shown once")
struct BLSShownOnceTests {
    /// A Fedora-style root filesystem: GRUB's blscfg reads the same entries the BLS
    /// source would; the menu lists each OS once (as GRUB shows it).
    @Test func grubBlscfgAndBLSEntriesOnOneFilesystem() {
        let tree = MemoryTree([
            "/boot/grub2/grub.cfg": "set timeout=5\ninsmod blscfg\nblscfg\n",
            "/boot/loader/entries/m-6.8.5.conf": "title Fedora 6.8.5\nversion 6.8.5\nlinux /boot/vmlinuz-6.8.5\noptions ro\n",
            "/boot/loader/entries/m-6.8.9.conf": "title Fedora 6.8.9\nversion 6.8.9\nlinux /boot/vmlinuz-6.8.9\noptions ro\n",
            "/boot/vmlinuz-6.8.5": "", "/boot/vmlinuz-6.8.9": "",
        ])
        let v = Volume(name: "root", tree: tree, grubDevice: "hd0,gpt2")
        let menu = Scanner.scan(ScanContext(volumes: [v]))
        #expect(menu.entries.map(\.title) == ["Fedora 6.8.9", "Fedora 6.8.5"])
        #expect(menu.entries.allSatisfy { $0.source == .grub })
    }
}
