"""The menu's screens as they must look, built from the layout (docs/menu.md) rather than
captured from the program: the title bar, a blank row, the screen's body from the third
row, blank rows, the status line on the second-last row and the key help on the last.
The bodies are written out in the tests; only the frame is put together here."""
from __future__ import annotations

from menu_pane import FIXTURES

VERSION = "swiftboot 0.1.0"

# The GRUB fixture (tests/ui/fixtures/grub) as the menu lists it.
GRUB_HEADING = f"{FIXTURES / 'grub'}  DEBIAN  ext4"
UBUNTU = "Ubuntu 22.04.4 LTS (GNU/Linux 6.5.0-27-generic x86_64) with a title far too long for one eighty column line"
SUBMENU = "Advanced options for Debian GNU/Linux"
DEBIAN_CMDLINE = "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro quiet"
MENU_KEYS = "Enter=boot  e=edit  i=info  l=log  r=rescan  s=shell  h=help  q=quit"
SUBMENU_KEYS = "Enter=boot  e=edit  i=info  l=log  r=rescan  s=shell  h=help  Esc=back  q=quit"


def cut(text: str, width: int) -> str:
    """Text cut to `width` columns, `…` in its last column when cut (one column per
    character: the fixture's texts are all narrow)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def screen(width: int, height: int, name: str, body: list[str], status: str = "", keys: str = "") -> str:
    """The whole screen as `Pane.screen()` reads it (trailing blanks removed, and the
    empty string after the last row's newline)."""
    room = height - 5
    assert len(body) <= room, f"{len(body)} body lines on a {height}-row screen"
    left, right = " " + VERSION, name + " "
    rows = [left + " " * (width - len(left) - len(right)) + right, ""]
    rows += body + [""] * (room - len(body))
    rows += ["", " " + status if status else "", " " + keys]
    for row in rows:
        assert len(row) <= width, f"row wider than {width}: {row!r}"
    return "\n".join(row.rstrip() for row in rows) + "\n"


def menu_body(width: int) -> list[str]:
    """The top level of the GRUB fixture: its device heading and its five rows (the
    default marked `*`, the submenu ending in `>`, titles cut to the width)."""
    return [
        cut(" " + GRUB_HEADING, width),
        "  * Debian GNU/Linux",
        "    " + cut(SUBMENU, width - 6) + " >",
        "    Rescue shell",
        "    Fedora Linux 39 (Workstation Édition)",
        "    " + cut(UBUNTU, width - 4),
    ]


def submenu_body(width: int) -> list[str]:
    return [
        cut(f" {GRUB_HEADING} > {SUBMENU}", width),
        "    Debian GNU/Linux, with Linux 6.1.0-18-amd64",
        "    Debian GNU/Linux, with Linux 6.1.0-18-amd64 (recovery mode)",
        "    Debian GNU/Linux, with Linux 5.10.0-28-amd64",
    ]


# The Debian entry's command line wrapped at spaces to the details screen's value
# column (the width less 2 margins and the 12-column label), worked out by hand.
DETAILS_CMDLINE = {
    80: ["BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64", "root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro quiet"],
    100: ["BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40", "ro quiet"],
    132: [DEBIAN_CMDLINE],
    200: [DEBIAN_CMDLINE],
}


def details_body(width: int) -> list[str]:
    cmdline = DETAILS_CMDLINE[width]
    return [
        " Title:      Debian GNU/Linux",
        " Id:         gnulinux-simple",
        " Source:     grub",
        " Device:     " + GRUB_HEADING,
        " UUID:       0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40",
        " Label:      DEBIAN",
        " Config:     /boot/grub/grub.cfg line 4",
        " Kernel:     /boot/vmlinuz-6.1.0-18-amd64",
        " Initrd:     /boot/initrd.img-6.1.0-18-amd64",
        " Devicetree: (none)",
        " Cmdline:    " + cmdline[0],
    ] + ["             " + rest for rest in cmdline[1:]]


def edit_body(width: int) -> list[str]:
    """The edit screen: each field in slices of the room right of its 11-column label
    (the width less 12: the last column stays free)."""
    room = width - 12
    slices = [DEBIAN_CMDLINE[i:i + room] for i in range(0, len(DEBIAN_CMDLINE), room)]
    return [
        " Editing: Debian GNU/Linux",
        "",
        " Kernel:   /boot/vmlinuz-6.1.0-18-amd64",
        " Initrds:  /boot/initrd.img-6.1.0-18-amd64",
        " Cmdline:  " + slices[0],
    ] + ["           " + s for s in slices[1:]] + [
        "",
        " [ ] reset_devices (Space): the next kernel's drivers reset the hardware",
    ]


LOG_BODY = [" swiftboot: menu: 7 entries on 1 filesystem(s)"]

# The help screen of the host menu (a shell and q=quit are available), one margin column.
HELP_BODY = [
    " Menu",
    "   Up/Down, PgUp/PgDn, Home/End   move the selection",
    "   Enter                          boot the entry, or open the submenu",
    "   Right                          open the submenu",
    "   Esc or Left                    leave a submenu or a screen",
    "   e                              edit the entry for this boot only",
    "   i                              details of the entry",
    "   l                              the log",
    "   r                              rescan devices",
    "   s                              a shell",
    "   h or ?                         this help",
    "   an entry's hotkey              boot that entry",
    "   q                              quit",
    "   Ctrl-L                         repaint, the terminal size learned again",
    "",
    " Any key stops the countdown.",
    "",
    " Edit screen",
    "   Up/Down, Tab                   move between fields",
    "   Left/Right, Home/End, Ctrl-A/Ctrl-E   move in a field",
    "   Backspace/Delete, Ctrl-K       delete a character, or to the end",
    "   Space on [ ] reset_devices     tick or untick",
    "   Enter, Ctrl-X or F10           boot the edited entry",
    "   Esc                            cancel",
]

TEXT_KEYS = {
    "Entry details": "Up/Down/PgUp/PgDn=scroll  e=edit  Esc=back",
    "Log": "Up/Down/PgUp/PgDn/Home/End=scroll  Esc=back",
    "Help": "Up/Down=scroll  Esc=back",
}
EDIT_KEYS = "Enter/Ctrl-X=boot  Esc=cancel  Up/Down=field  Ctrl-A/E=start/end  Ctrl-K=cut"


def countdown(seconds: int) -> str:
    return f"Booting 'Debian GNU/Linux' in {seconds}s. Press any key to stop."


def expected(name: str, width: int, height: int, seconds: int | None = None, unicode: bool = True) -> str:
    """The expected screen `name` (menu, countdown, submenu, edit, details, log, help)
    of the GRUB fixture on a width x height terminal; `seconds` left for the countdown;
    `unicode` False: spelled in ASCII, as on a DEC vt (`…` is `~`, `É` is `E`)."""
    text = layout(name, width, height, seconds)
    return text if unicode else text.replace("…", "~").replace("É", "E")


def layout(name: str, width: int, height: int, seconds: int | None) -> str:
    room = height - 5
    if name == "menu":
        return screen(width, height, "Boot menu", menu_body(width), keys=MENU_KEYS)
    if name == "countdown":
        return screen(width, height, "Boot menu", menu_body(width), countdown(seconds), MENU_KEYS)
    if name == "submenu":
        return screen(width, height, "Boot menu", submenu_body(width), keys=SUBMENU_KEYS)
    if name == "edit":
        return screen(width, height, "Edit entry (this boot only)", edit_body(width), keys=EDIT_KEYS)
    if name == "details":
        return screen(width, height, "Entry details", details_body(width), keys=TEXT_KEYS["Entry details"])
    if name == "log":
        return screen(width, height, "Log", LOG_BODY, keys=TEXT_KEYS["Log"])
    if name == "help":
        return screen(width, height, "Help", HELP_BODY[:room], keys=TEXT_KEYS["Help"])
    raise ValueError(name)
