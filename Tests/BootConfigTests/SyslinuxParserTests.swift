import BootConfig
import Testing

/// Reads `files` as one filesystem and returns what the syslinux source makes of it.
private func scan(_ files: [String: String], architecture: String = "x64") -> ConfigMenu? {
    let volume = Volume(name: "disk", tree: MemoryTree(files), grubDevice: "hd0")
    return SyslinuxSource.scan(volume: volume, context: ScanContext(volumes: [volume], architecture: architecture))
}

private func titles(_ menu: ConfigMenu?) -> [String] { menu?.entries.map(\.title) ?? [] }

@Suite("syslinux config parsing")
struct SyslinuxParserTests {
    @Test func keywordsAreCaseInsensitive() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            lAbEl one
            KeRnEl /vmlinuz
            aPpEnD quiet
            """])
        #expect(menu?.entries.first?.kernel == "/vmlinuz")
        #expect(menu?.entries.first?.cmdline == "BOOT_IMAGE=/vmlinuz quiet")
    }

    @Test func labelAppendReplacesGlobalAppendAndDashMeansNone() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            APPEND console=ttyS0
            LABEL own
              LINUX /a
              APPEND root=/dev/sda1
            LABEL none
              LINUX /b
              APPEND -
            LABEL global
              LINUX /c
            """])
        #expect(menu?.entries.map(\.cmdline) == ["BOOT_IMAGE=/a root=/dev/sda1", "BOOT_IMAGE=/b", "BOOT_IMAGE=/c console=ttyS0"])
    }

    @Test func initrdKeywordComesAfterAppendAndFirstInitrdWordWins() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            LABEL keyword
              LINUX /vmlinuz
              INITRD /ucode.img,/initrd.img
              APPEND quiet
            LABEL both
              LINUX /vmlinuz
              INITRD /ignored.img
              APPEND initrd=/wins.img quiet
            """])
        #expect(menu?.entries[0].initrds == ["/ucode.img", "/initrd.img"])
        #expect(menu?.entries[0].cmdline == "BOOT_IMAGE=/vmlinuz quiet initrd=/ucode.img,/initrd.img")
        #expect(menu?.entries[1].initrds == ["/wins.img"])
    }

    @Test func nonLinuxLabelsAreLeftOut() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            LABEL hdt
              KERNEL hdt.c32
            LABEL pxe
              KERNEL gpxe.0
            LABEL sector
              KERNEL bootsect.bin
            LABEL disk
              LOCALBOOT 0
            LABEL other
              CONFIG other.cfg
            LABEL chain
              COM32 chain.c32
            LABEL floppy
              FDIMAGE floppy.img
            LABEL memtest
              LINUX memtest86+.bin
            LABEL freedos
              KERNEL memdisk
              INITRD fdboot.img
            LABEL linux
              KERNEL vmlinuz
            """])
        #expect(titles(menu) == ["linux"])
    }

    @Test func wordsAfterTheKernelFileAreArguments() {
        let menu = scan(["/syslinux/syslinux.cfg": "LABEL a\n KERNEL /vmlinuz ro\n APPEND quiet\n"])
        #expect(menu?.entries.first?.kernel == "/vmlinuz")
        #expect(menu?.entries.first?.cmdline == "BOOT_IMAGE=/vmlinuz ro quiet")
    }

    @Test func labelWithoutKernelBootsTheLabelName() {
        let menu = scan(["/isolinux/isolinux.cfg": "LABEL vmlinuz\n  APPEND ro\n"])
        #expect(menu?.entries.first?.kernel == "/isolinux/vmlinuz")
    }

    @Test func menuLabelLosesCaretsAndKeepsHotkey() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            LABEL a
              MENU LABEL Test this ^media & start
              LINUX /vmlinuz
            """])
        #expect(menu?.entries.first?.title == "Test this media & start")
        #expect(menu?.entries.first?.hotkey == "m")
        #expect(menu?.entries.first?.id == "a")
    }

    @Test func submenuNameComesFromMenuLabelThenTitleThenTag() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            UI vesamenu.c32
            MENU BEGIN tag1
              MENU LABEL ^Labelled
              MENU TITLE Ignored title
              LABEL a
                LINUX /a
            MENU END
            MENU BEGIN ^Tagged
              MENU TITLE Titled
              LABEL b
                LINUX /b
            MENU END
            MENU BEGIN JustTag
              LABEL c
                LINUX /c
              MENU BEGIN inner
                MENU TITLE Inner
                LABEL d
                  LINUX /d
              MENU END
            MENU END
            LABEL e
              LINUX /e
            """])
        #expect(menu?.entries.map(\.submenu) == [["Labelled"], ["Titled"], ["JustTag"], ["JustTag", "Inner"], []])
    }

    @Test func menuExitAndSeparatorsAreNotEntries() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            MENU SEPARATOR
            MENU BEGIN sub
              LABEL back
                MENU LABEL ^Back..
                MENU EXIT
              LABEL a
                LINUX /a
            MENU END
            """])
        #expect(titles(menu) == ["a"])
        #expect(menu?.defaultIndex == 0)
    }

    @Test func menuDefaultPicksTheDefaultAndGlobalDefaultNeedsUI() {
        let noUI = scan(["/syslinux/syslinux.cfg": """
            DEFAULT a
            LABEL a
              LINUX /a
            LABEL b
              MENU DEFAULT
              LINUX /b
            DEFAULT vesamenu.c32
            """])
        // Without UI the menu module ignores the global DEFAULT and uses MENU DEFAULT.
        #expect(noUI?.entries.first(where: \.isDefault)?.title == "b")

        let withUI = scan(["/syslinux/syslinux.cfg": """
            UI vesamenu.c32
            DEFAULT a
            LABEL a
              LINUX /a
            LABEL b
              MENU DEFAULT
              LINUX /b
            """])
        #expect(withUI?.entries.first(where: \.isDefault)?.title == "a")

        let menuOnly = scan(["/syslinux/syslinux.cfg": """
            DEFAULT menu.c32
            LABEL a
              LINUX /a
            LABEL b
              MENU DEFAULT
              LINUX /b
            """])
        #expect(menuOnly?.entries.first(where: \.isDefault)?.title == "b")
    }

    @Test func menuDefaultOnASubmenuSelectsItsDefault() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            LABEL a
              LINUX /a
            MENU BEGIN sub
              MENU DEFAULT
              LABEL b
                LINUX /b
              LABEL c
                MENU DEFAULT
                LINUX /c
            MENU END
            """])
        #expect(menu?.entries.first(where: \.isDefault)?.title == "c")
    }

    @Test func timeoutIsInTenthsRoundedUpAndZeroWaitsInTheMenu() {
        #expect(scan(["/syslinux/syslinux.cfg": "UI menu.c32\nTIMEOUT 45\nLABEL a\n LINUX /a\n"])?.timeout == 5)
        #expect(scan(["/syslinux/syslinux.cfg": "UI menu.c32\nTIMEOUT 0\nLABEL a\n LINUX /a\n"])?.timeout == nil)
        #expect(scan(["/syslinux/syslinux.cfg": "UI menu.c32\nTIMEOUT 600\nTOTALTIMEOUT 150\nLABEL a\n LINUX /a\n"])?.timeout == 15)
    }

    @Test func menuHiddenAndShiftKey() {
        let hidden = scan(["/syslinux/syslinux.cfg": "UI menu.c32\nMENU HIDDEN\nTIMEOUT 30\nLABEL a\n LINUX /a\n"])
        #expect(hidden?.hiddenMenu == true)
        #expect(hidden?.timeout == 3)
        let shift = scan(["/syslinux/syslinux.cfg": "UI menu.c32\nMENU SHIFTKEY\nTIMEOUT 30\nLABEL a\n LINUX /a\n"])
        #expect(shift?.timeout == 0)
    }

    @Test func withoutUIPromptZeroBootsTheDefaultAtOnce() {
        let auto = scan(["/syslinux/syslinux.cfg": "DEFAULT a\nTIMEOUT 50\nLABEL a\n LINUX /a\n"])
        #expect(auto?.timeout == 0)
        let prompt = scan(["/syslinux/syslinux.cfg": "DEFAULT a\nPROMPT 1\nTIMEOUT 50\nLABEL a\n LINUX /a\n"])
        #expect(prompt?.timeout == 5)
        let noDefault = scan(["/syslinux/syslinux.cfg": "LABEL a\n LINUX /a\n"])
        #expect(noDefault?.timeout == nil)
        #expect(noDefault?.defaultIndex == nil)
    }

    @Test func defaultMayBeAKernelCommandLine() {
        let menu = scan(["/syslinux/syslinux.cfg": "DEFAULT vmlinuz root=/dev/sda1 ro\nLABEL other\n LINUX /other\n"])
        let d = menu?.entries.first(where: \.isDefault)
        #expect(d?.kernel == "/syslinux/vmlinuz")
        #expect(d?.config == "/syslinux/syslinux.cfg")
        #expect(d?.cmdline == "BOOT_IMAGE=vmlinuz root=/dev/sda1 ro")
        #expect(menu?.entries.count == 2)
    }

    @Test func defaultLabelWithExtraWordsAddsThemToItsCommandLine() {
        let menu = scan(["/syslinux/syslinux.cfg": "DEFAULT linux single\nLABEL linux\n LINUX /vmlinuz\n APPEND ro\n"])
        #expect(menu?.entries.first?.cmdline == "BOOT_IMAGE=/vmlinuz ro single")
        #expect(menu?.entries.first?.isDefault == true)
    }

    @Test func onTimeoutReplacesDefaultWhenTheCountdownRuns() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            TIMEOUT 100
            ONTIMEOUT b
            LABEL a
              MENU DEFAULT
              LINUX /a
            LABEL b
              LINUX /b
            """])
        #expect(menu?.entries.first(where: \.isDefault)?.title == "b")
        let command = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            TIMEOUT 100
            ONTIMEOUT /b speakup.synth=soft quiet
            LABEL a
              LINUX /a
            LABEL b
              LINUX /b
              APPEND speakup.synth=soft   quiet
            """])
        #expect(command?.entries.count == 2)
        #expect(command?.entries.first(where: \.isDefault)?.title == "b")
    }

    @Test func aDefaultSwiftbootCannotBootMeansWaiting() {
        let local = scan(["/syslinux/syslinux.cfg": """
            UI menu.c32
            TIMEOUT 50
            LABEL linux
              LINUX /vmlinuz
            LABEL local
              MENU DEFAULT
              LOCALBOOT 0
            """])
        #expect(local?.defaultIndex == nil)
        #expect(local?.timeout == nil)
        let module = scan(["/syslinux/syslinux.cfg": "DEFAULT hdt\nLABEL hdt\n COM32 hdt.c32\nLABEL linux\n LINUX /vmlinuz\n"])
        #expect(module?.defaultIndex == nil)
        #expect(module?.timeout == nil)
    }

    @Test func promptZeroBootsDefaultNotOnTimeout() {
        let menu = scan(["/syslinux/syslinux.cfg": "DEFAULT a\nTIMEOUT 50\nONTIMEOUT b\nLABEL a\n LINUX /a\nLABEL b\n LINUX /b\n"])
        #expect(menu?.timeout == 0)
        #expect(menu?.entries.first(where: \.isDefault)?.title == "a")
    }

    @Test func missingIncludeIsReportedAndTheRestStillWorks() {
        let menu = scan(["/boot/syslinux/syslinux.cfg": """
            LABEL a
              LINUX /a
            INCLUDE missing.cfg
            LABEL b
              LINUX /b
            """])
        #expect(titles(menu) == ["a", "b"])
        #expect(menu?.errors.count == 1)
        #expect(menu?.errors.first?.config == "/boot/syslinux/syslinux.cfg")
        #expect(menu?.errors.first?.line == 3)
        #expect(menu?.errors.first?.message.contains("/boot/syslinux/missing.cfg") == true)
    }

    @Test func relativePathsResolveAgainstTheConfigDirectoryNotTheIncludingFile() {
        let menu = scan([
            "/boot/syslinux/syslinux.cfg": "INCLUDE /other/inc.cfg\n",
            "/other/inc.cfg": "INCLUDE nested.cfg\n",
            "/boot/syslinux/nested.cfg": "LABEL arch\n LINUX ../vmlinuz-linux\n INITRD ../initramfs-linux.img\n",
        ])
        #expect(menu?.entries.first?.kernel == "/boot/vmlinuz-linux")
        #expect(menu?.entries.first?.initrds == ["/boot/initramfs-linux.img"])
        #expect(menu?.errors == [])
    }

    @Test func includeLoopsStopAtSixteenLevels() {
        let menu = scan(["/syslinux/syslinux.cfg": "LABEL a\n LINUX /a\nINCLUDE syslinux.cfg\n"])
        #expect(menu?.errors.count == 1)
        #expect(menu?.entries.count == 17)
    }

    @Test func includeFanOutIsBounded() {
        let menu = scan(["/syslinux/syslinux.cfg": "INCLUDE syslinux.cfg\nINCLUDE syslinux.cfg\n"])
        #expect(menu?.errors.isEmpty == false)
        #expect(menu?.errors.filter { $0.message.contains("files included") }.count == 1)
    }

    @Test func textHelpBlocksAreNotDirectives() {
        let menu = scan(["/syslinux/syslinux.cfg": """
            LABEL a
              LINUX /a
              TEXT HELP
                LABEL notalabel
                KERNEL /not
              ENDTEXT
              APPEND quiet
            """])
        #expect(titles(menu) == ["a"])
        #expect(menu?.entries.first?.cmdline == "BOOT_IMAGE=/a quiet")
    }

    @Test func hiddenLabelsAreNotShownByTheMenu() {
        let menu = scan(["/syslinux/syslinux.cfg": "UI menu.c32\nLABEL a\n MENU HIDE\n LINUX /a\nLABEL b\n LINUX /b\n"])
        #expect(titles(menu) == ["b"])
    }

    @Test func menuIncludeWithATagMakesASubmenu() {
        let menu = scan([
            "/syslinux/syslinux.cfg": "UI menu.c32\nMENU INCLUDE more.cfg More kernels\nLABEL a\n LINUX /a\n",
            "/syslinux/more.cfg": "LABEL b\n LINUX /b\n",
        ])
        #expect(menu?.entries.map(\.submenu) == [["More kernels"], []])
    }

    @Test func unknownDirectivesAreReportedWithFileAndLine() {
        let menu = scan(["/syslinux/syslinux.cfg": "SAY hello\nFROBNICATE yes\nLABEL a\n LINUX /a\n"])
        #expect(menu?.errors.map(\.line) == [2])
        #expect(menu?.entries.count == 1)
    }

    @Test func carriageReturnsEndLines() {
        let menu = scan(["/syslinux/syslinux.cfg": "LABEL a\r\n LINUX /a\r\n APPEND quiet\r\n"])
        #expect(menu?.entries.first?.cmdline == "BOOT_IMAGE=/a quiet")
    }
}

@Suite("syslinux CONFIG restarts")
struct SyslinuxChainTests {
    @Test func aDefaultConfigLabelRestartsWithTheOtherFile() {
        let menu = scan([
            "/syslinux/syslinux.cfg": "DEFAULT menu\nLABEL menu\n CONFIG other/real.cfg /other\nLABEL x\n LINUX /x\n",
            "/syslinux/other/real.cfg": "UI menu.c32\nTIMEOUT 30\nLABEL a\n LINUX vmlinuz\n",
        ])
        #expect(menu?.entries.map(\.title) == ["a"])
        #expect(menu?.entries.first?.kernel == "/other/vmlinuz")
        #expect(menu?.timeout == 3)
    }

    @Test func configLabelsChosenFromAMenuAreNotEntries() {
        let menu = scan([
            "/syslinux/syslinux.cfg": "UI menu.c32\nDEFAULT menu\nLABEL menu\n CONFIG real.cfg\nLABEL x\n LINUX /x\n",
            "/syslinux/real.cfg": "LABEL a\n LINUX /a\n",
        ])
        #expect(menu?.entries.map(\.title) == ["x"])
    }

    @Test func loopsAndMissingTargetsStop() {
        let loop = scan([
            "/syslinux/syslinux.cfg": "DEFAULT b\nLABEL b\n CONFIG b.cfg\n",
            "/syslinux/b.cfg": "DEFAULT a\nLABEL a\n CONFIG syslinux.cfg\nLABEL l\n LINUX /l\n",
        ])
        #expect(loop != nil)
        let missing = scan(["/syslinux/syslinux.cfg": "DEFAULT b\nLABEL b\n CONFIG nowhere.cfg\nLABEL l\n LINUX /l\n"])
        #expect(missing?.entries.map(\.title) == ["l"])
    }
}

@Suite("syslinux robustness")
struct SyslinuxRobustnessTests {
    /// Random configs made of real directives in random order: every one reads without
    /// trapping, and every entry's files are absolute paths.
    @Test func randomDirectiveSoupNeverTraps() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % 1_000_003)
        }
        let pieces = ["LABEL a", "LABEL", "KERNEL /k", "LINUX ../k x", "KERNEL m.c32", "APPEND -", "APPEND initrd=a,,b q",
                      "INITRD ,", "MENU BEGIN", "MENU BEGIN t", "MENU END", "MENU LABEL ^", "MENU LABEL ^x^y",
                      "MENU DEFAULT", "MENU HIDE", "MENU EXIT", "MENU SEPARATOR", "MENU TITLE", "DEFAULT", "DEFAULT a b",
                      "DEFAULT vesamenu.c32", "UI menu.c32", "TIMEOUT -5", "TIMEOUT 99999999999999", "TOTALTIMEOUT 3",
                      "ONTIMEOUT", "ONTIMEOUT /k z", "PROMPT 1", "TEXT HELP", "ENDTEXT", "INCLUDE", "INCLUDE x.cfg t",
                      "INCLUDE syslinux.cfg", "LOCALBOOT 0", "CONFIG c", "FDT f", "FDTDIR d", "\u{1}", "^^^", ""]
        for _ in 0..<100 {
            let text = (0..<(next() % 40)).map { _ in pieces[next() % pieces.count] }.joined(separator: "\n")
            for arch in ["x64", "aa64"] {
                let menu = scan(["/syslinux/syslinux.cfg": text, "/syslinux/x.cfg": text], architecture: arch)
                #expect(menu != nil)
                for e in menu?.entries ?? [] {
                    #expect(e.kernel.hasPrefix("/") && e.initrds.allSatisfy { $0.hasPrefix("/") })
                }
                if let d = menu?.defaultIndex { #expect(menu?.entries[d].isDefault == true) }
            }
        }
    }
}

@Suite("syslinux config search")
struct SyslinuxLocatorTests {
    @Test func isolinuxComesFirstThenExtlinuxThenSyslinux() {
        let tree = MemoryTree([
            "/syslinux/syslinux.cfg": "", "/boot/extlinux/extlinux.conf": "", "/isolinux/isolinux.cfg": "",
        ])
        #expect(SyslinuxLocator.find(in: tree)?.path == "/isolinux/isolinux.cfg")
        let noIso = MemoryTree(["/syslinux/syslinux.cfg": "", "/boot/extlinux/extlinux.conf": ""])
        #expect(SyslinuxLocator.find(in: noIso)?.path == "/boot/extlinux/extlinux.conf")
        let syslinuxOnly = MemoryTree(["/syslinux/syslinux.cfg": "", "/syslinux.cfg": ""])
        #expect(SyslinuxLocator.find(in: syslinuxOnly) == SyslinuxConfigLocation(path: "/syslinux/syslinux.cfg", workingDirectory: "/syslinux"))
    }

    @Test func pxelinuxNamesFilesFromTheTFTPRoot() {
        let tree = MemoryTree(["/pxelinux.cfg/default": ""])
        #expect(SyslinuxLocator.find(in: tree)?.workingDirectory == "/")
    }

    @Test func volumesWithoutAConfigGiveNoMenu() {
        #expect(scan(["/boot/grub/grub.cfg": ""]) == nil)
    }
}

@Suite("U-Boot extlinux dialect")
struct SyslinuxUBootTests {
    @Test func commandLineIsTheAppendTextAndDevicetreeIsKept() {
        let menu = scan(["/boot/extlinux/extlinux.conf": """
            default l0
            label l0
              kernel /Image
              initrd /initrd.img
              fdt /dtbs/board.dtb
              append root=/dev/mmcblk0p2 rw
            """], architecture: "aa64")
        #expect(menu?.entries.first?.cmdline == "root=/dev/mmcblk0p2 rw")
        #expect(menu?.entries.first?.initrds == ["/initrd.img"])
        #expect(menu?.entries.first?.devicetree == "/dtbs/board.dtb")
        #expect(menu?.timeout == 0)
    }

    @Test func aMenuLineTurnsThePromptOn() {
        let menu = scan(["/extlinux/extlinux.conf": """
            menu title Boot options
            timeout 30
            default Fedora (6.8) 40
            label Fedora (6.8) 40
              kernel /vmlinuz-6.8
            label other
              kernel /vmlinuz-other
            """], architecture: "aa64")
        #expect(menu?.timeout == 3)
        #expect(menu?.entries.first(where: \.isDefault)?.title == "Fedora (6.8) 40")
    }

    @Test func promptLinesAreIgnoredAndMenuTitleShowsTheMenu() {
        let menu = scan(["/boot/extlinux/extlinux.conf": """
            default l0
            menu title U-Boot menu
            prompt 0
            timeout 50
            label l0
              menu label Debian 6.1
              linux /boot/vmlinuz-6.1
            """], architecture: "aa64")
        #expect(menu?.timeout == 5)
        #expect(menu?.entries.first?.title == "Debian 6.1")
    }

    @Test func withoutADefaultTheFirstLabelBoots() {
        let menu = scan(["/extlinux/extlinux.conf": "label a\n kernel /a\nlabel b\n kernel /b\n"], architecture: "aa64")
        #expect(menu?.timeout == 0)
        #expect(menu?.defaultIndex == nil)
        let merged = Scanner.merge([menu!])
        #expect(merged.entries.first?.isDefault == true)
    }

    @Test func firstInitrdWinsAndAppendMayNameIt() {
        let menu = scan(["/extlinux/extlinux.conf": """
            append global=ignored
            label a
              kernel /a
              append root=/dev/sda initrd=/from-append.img quiet
              initrd /ignored.img
            label b
              kernel /b
              initrd /first.img
              initrd /second.img
            """], architecture: "aa64")
        #expect(menu?.entries.map(\.initrds) == [["/from-append.img"], ["/first.img"]])
        #expect(menu?.entries.map(\.cmdline) == ["root=/dev/sda initrd=/from-append.img quiet", ""])
    }

    @Test func menuDefaultOnlyWhenNoDefaultYetAndOntimeoutSetsIt() {
        let first = scan(["/extlinux/extlinux.conf": "default b\nlabel a\n kernel /a\n menu default\nlabel b\n kernel /b\n"],
                         architecture: "aa64")
        #expect(first?.entries.first(where: \.isDefault)?.id == "b")
        let ontimeout = scan(["/extlinux/extlinux.conf": "label a\n kernel /a\nlabel b\n kernel /b\nontimeout b\n"],
                             architecture: "aa64")
        #expect(ontimeout?.entries.first(where: \.isDefault)?.id == "b")
    }

    @Test func fdtdirGivesNoFixedDevicetree() {
        let menu = scan(["/boot/extlinux/extlinux.conf": "label a\n kernel /Image\n fdtdir /dtbs/\n"], architecture: "aa64")
        #expect(menu?.entries.first?.devicetree == nil)
        #expect(menu?.errors == [])
    }
}
