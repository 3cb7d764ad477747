import BootConfig
import Testing

/// The GRUB script language: quoting, expansion, control flow, functions.
@Suite("GRUB script")
struct GrubScriptTests {
    @Test func singleQuotesAreLiteralAndDoubleQuotesExpand() {
        let menu = GrubScan.menu(config: """
            set v=hello
            menuentry 'a' {
              linux /k '$v' "$v" "x\\$v" 'it'\\''s'
            }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k $v hello x$v it\\'s")
    }

    @Test func untilForAndElifRunTheirBodiesInTheFlatAST() {
        let menu = GrubScan.menu(config: """
            set n=x
            until [ "$n" = xxx ]; do set n="${n}x"; done
            for v in a b; do set last=$v; done
            if false; then set k=1; elif [ $last = b ]; then set k=2; else set k=3; fi
            if false; then set j=1; else set j=4; fi
            menuentry 'a' { linux /k $n $k $j }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k xxx 2 4")
    }

    @Test func unquotedEmptyExpansionVanishes() {
        let menu = GrubScan.menu(config: """
            menuentry 'a' {
              linux /k ro $vt_handoff
            }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k ro")
    }

    @Test func unquotedExpansionSplitsQuotedDoesNot() {
        let menu = GrubScan.menu(config: """
            set opts="a   b"
            menuentry 'x' {
              linux /k $opts "$opts" pre${opts}post
            }
            """)
        // The quoted one keeps its blanks, so GRUB quotes it on the command line.
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k a b \"a   b\" prea bpost")
    }

    @Test func commentsContinuationsAndSemicolons() {
        let menu = GrubScan.menu(config: """
            # a comment
            set a=1; set b=2 # trailing comment
            set c=x#y
            menuentry "t" { linux /k a=$a b=$b \\
                c=$c; }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k a=1 b=2 c=x#y")
    }

    @Test func bareAssignmentAndUnset() {
        let menu = GrubScan.menu(config: """
            a=one
            b="two words"
            set c=3
            unset c
            menuentry t { linux /k "$a" "$b" "$c" }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k one \"two words\" ")
    }

    @Test func ifElifElseWithTest() {
        let menu = GrubScan.menu(config: """
            set n=5
            if [ "$n" -lt 3 ]; then set r=small
            elif [ "$n" -ge 5 -a x"$n" = x5 ]; then set r=five
            else set r=big; fi
            if [ ! -n "" ]; then set s=empty; fi
            if [ -z "$undefined" -o "$n" = 1 ]; then set t=yes; fi
            menuentry t { linux /k $r $s $t }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k five empty yes")
    }

    @Test func unquotedUnsetVariableInTestIsLenientAsGrub() {
        // [ != 1 ] is two non-empty strings for GRUB's test: true.
        let menu = GrubScan.menu(config: """
            if [ ${recordfail} != 1 ]; then set r=ok; fi
            menuentry t { linux /k $r }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k ok")
    }

    @Test func fileTests() {
        let menu = GrubScan.menu(config: """
            if [ -f /boot/grub/custom.cfg ]; then set f=file; fi
            if [ -d /boot/grub ]; then set d=dir; fi
            if [ -e /nothing ]; then set e=wrong; fi
            if [ -s $prefix/empty ]; then set s=wrong; fi
            menuentry t { linux /k $f $d $e $s }
            """, ["/boot/grub/custom.cfg": "", "/boot/grub/empty": ""])
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k file dir")
    }

    @Test func functionsTakeArgumentsAndReturn() {
        let menu = GrubScan.menu(config: """
            function pick {
              if [ "$1" = keep ]; then set handoff=vt.handoff=7; return 0; fi
              set handoff=
            }
            pick keep
            menuentry t extra { linux /k $handoff n=$# }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k vt.handoff=7 n=2")
    }

    @Test func forAndWhileLoops() {
        let menu = GrubScan.menu(config: """
            set acc=
            for w in a b c; do set acc="${acc}$w"; done
            set i=x
            while [ "$i" != xxx ]; do set i="${i}x"; done
            menuentry t { linux /k $acc $i }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k abc xxx")
    }

    @Test func breakAndContinueWithLevels() {
        let menu = GrubScan.menu(config: """
            set acc=
            for a in 1 2 3; do
              for b in x y z; do
                if [ "$b" = y ]; then continue; fi
                if [ "$a" = 2 ]; then continue 2; fi
                if [ "$a" = 3 ]; then break 2; fi
                set acc="${acc}$a$b"
              done
              set acc="${acc}."
            done
            set n=
            while true; do set n="${n}i"; if [ "$n" = iii ]; then break; fi; done
            menuentry t { linux /k $acc $n }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k 1x1z. iii")
        #expect(menu.errors.map(\.message) == [])
    }

    @Test func endlessLoopIsCappedAndReported() {
        let menu = GrubScan.menu(config: """
            while true; do set x=1; done
            menuentry t { linux /k }
            """)
        #expect(menu.entries.count == 1)
        #expect(menu.errors.contains { $0.line == 1 && $0.message.contains("loop stopped") })
    }

    @Test func entryBodyRunsAfterTheWholeFile() {
        let menu = GrubScan.menu(config: """
            set opts=early
            menuentry t { linux /k $opts }
            set opts=late
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k late")
    }

    @Test func wordsAfterTitleArePositional() {
        let menu = GrubScan.menu(config: """
            menuentry "Snapshot" "/.snapshots/7/snapshot" "@/.snapshots/7/snapshot" {
              linux /k rootflags=subvol=$3 title=$1 n=$#
            }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k rootflags=subvol=@/.snapshots/7/snapshot title=Snapshot n=3")
    }

    @Test func argumentWithBlankIsQuotedOnCommandLine() {
        let menu = GrubScan.menu(config: """
            menuentry t { linux /k "acpi_osi=Windows 2015" 'a"b' }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k \"acpi_osi=Windows 2015\" a\\\"b")
    }

    @Test func unknownCommandsFailQuietly() {
        let menu = GrubScan.menu(config: """
            insmod gzio
            loadfont unicode
            terminal_output gfxterm
            if hwmatch foo 3; then set m=yes; else set m=no; fi
            menuentry t { recordfail; play 480 440 1; linux /k m=$m }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k m=no")
        #expect(menu.errors.isEmpty)
    }

    @Test func syntaxErrorIsReportedAndTheRestStillWorks() {
        let menu = GrubScan.menu(config: """
            menuentry one { linux /one }
            fi
            if [ a = a ]; then set x=1
            menuentry two { linux /two x=$x }
            }
            menuentry three { linux /three }
            """)
        #expect(menu.entries.map(\.title) == ["one", "three"])
        #expect(menu.errors.first?.line == 2)
        #expect(menu.errors.first?.config == "/boot/grub/grub.cfg")
        #expect(menu.errors.count >= 2)
    }

    @Test func unterminatedQuoteIsReported() {
        let menu = GrubScan.menu(config: "menuentry ok { linux /ok }\nset x='open\n")
        #expect(menu.entries.map(\.title) == ["ok"])
        #expect(menu.errors.contains { $0.line == 2 && $0.message.contains("quote") })
    }

    @Test func evalRunsItsArguments() {
        let menu = GrubScan.menu(config: """
            eval 'set x="from eval"'
            menuentry t { linux /k "$x" }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k \"from eval\"")
    }
}

/// `regexp`, as distro configs use it on `$cmdpath` and kernel names.
@Suite("GRUB regexp")
struct GrubRegexpTests {
    @Test(arguments: [
        (#"regexp --set=1:v '^\(([^)]*)\)' '(hd0,gpt1)/EFI/BOOT'"#, "hd0,gpt1"),
        (#"regexp --set 1:v '^/boot/vmlinuz-(.*)$' /boot/vmlinuz-6.1.0-27-amd64"#, "6.1.0-27-amd64"),
        (#"regexp -s 2:v '^([a-z]+)([0-9]+)' hd12"#, "12"),
        (#"regexp --set=v 'x(a|bc)+y' zzxabcay"#, "a"),
        (#"regexp --set=0:v '[[:digit:]]{2,3}' ab12345"#, "123"),
        (#"regexp --set=v '(nomatch)' abc"#, "unset"),
    ])
    func setsGroups(_ command: String, _ expected: String) {
        let menu = GrubScan.menu(config: "set v=unset\n\(command)\nmenuentry t { linux /k $v }")
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k " + expected)
    }

    @Test func statusTellsWhetherItMatched() {
        let menu = GrubScan.menu(config: """
            if regexp '^efi$' "$grub_platform"; then set a=yes; fi
            if regexp '^pc$' "$grub_platform"; then set b=yes; fi
            menuentry t { linux /k a=$a b=$b }
            """)
        #expect(menu.entries.first?.cmdline == "BOOT_IMAGE=/k a=yes b=")
    }

    @Test func badPatternIsReported() {
        let menu = GrubScan.menu(config: "regexp '(' x\nmenuentry t { linux /k }")
        #expect(menu.errors.first?.message.contains("invalid regular expression") == true)
    }
}

/// Hostile or broken input: never a crash, always an error naming file and line.
@Suite("GRUB bad input")
struct GrubBadInputTests {
    @Test func deepNestingIsRefused() {
        let config = String(repeating: "if true; then\n", count: 5000) + "menuentry t { linux /k }\n"
        let menu = GrubScan.menu(config: config)
        #expect(menu.errors.contains { $0.message.contains("nested") })
    }

    @Test func endlessRecursionIsStopped() {
        let menu = GrubScan.menu(config: "function f { f; }\nf\nmenuentry t { linux /k }")
        #expect(menu.errors.map(\.message) == ["function calls nested too deeply"])
        #expect(menu.entries.map(\.title) == ["t"])
    }

    @Test func everyTruncationOfARealConfigIsSafe() throws {
        let text = GrubEnvTests.header + "\n" + GrubMenuTests.threeLevels
        var cut = 0
        while cut < text.utf8.count {
            let prefix = String(decoding: Array(text.utf8)[..<cut], as: UTF8.self)
            let menu = GrubScan.menu(config: prefix)
            #expect(menu.entries.count <= 7)
            cut += 7
        }
    }
}

@Suite("GRUB runaway values")
struct GrubRunawayTests {
    @Test func doublingVariableStopsTheScript() {
        let menu = GrubScan.menu(config: "menuentry t { linux /k }\nset x=ab\nwhile true; do set x=\"$x$x\"; done")
        #expect(menu.entries.map(\.title) == ["t"])
        #expect(menu.errors.contains { $0.line == 3 && $0.message.contains("grew past") })
    }
}
