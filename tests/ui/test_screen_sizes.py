"""Every screen, whole, at 80x24, 100x30, 132x43 and 200x60; after the terminal is resized
while the menu is open; and after Ctrl-L. Each screen is compared row by row with the
one built from the layout (screens.py). `tty`: the tty knows its size (TIOCGWINSZ,
SIGWINCH); `serial`: it knows none, as on a serial line, and the menu learns the size by
asking the terminal (serial_line.py), with TERM=vt220 as on ttyS0 (text in ASCII; no
`vpa`, so curses moves the cursor down with `ESC [ n B`, which stops at the bottom of the
terminal's scroll region)."""
from __future__ import annotations

import pytest

from menu_pane import grub_fs
from screens import expected

SIZES = [(80, 24), (100, 30), (132, 43), (200, 60)]
SCREENS = ["menu", "countdown", "submenu", "edit", "details", "log", "help"]
# The keys that open each screen from the top level of the menu.
KEYS = {"menu": [], "countdown": [], "submenu": ["Down", "Enter"], "edit": ["e"], "details": ["i"],
        "log": ["l"], "help": ["h"]}


def open_screen(menu, name: str, width: int, height: int, serial: bool):
    pane = menu(grub_fs(), timeout=30 if name == "countdown" else -1, width=width, height=height,
                serial=serial, env={"TERM": "vt220"} if serial else None)
    pane.wait_for("Debian GNU/Linux")
    if name == "countdown":
        return pane
    pane.wait_screen(expected("menu", width, height, unicode=not serial))
    pane.send(*KEYS[name])
    return pane


@pytest.mark.parametrize("line", ["tty", "serial"])
@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screen_is_exact(menu, width, height, name, line):
    serial = line == "serial"
    pane = open_screen(menu, name, width, height, serial)
    if name == "countdown":
        # The digits change in place: the whole screen is right at 29 s, then at 28 s.
        pane.wait_screen(expected("countdown", width, height, seconds=29, unicode=not serial), timeout=3)
        pane.wait_screen(expected("countdown", width, height, seconds=28, unicode=not serial), timeout=3)
    else:
        pane.wait_screen(expected(name, width, height, unicode=not serial))
    if name in ("menu", "countdown"):
        assert pane.selected() == "* Debian GNU/Linux"
    if name == "submenu":
        assert pane.selected() == "Debian GNU/Linux, with Linux 6.1.0-18-amd64"


@pytest.mark.parametrize("name", SCREENS)
def test_resized_terminal_redraws_every_size(menu, name):
    # The tty knows its size: each resize (SIGWINCH) redraws the whole screen at once,
    # larger and smaller again.
    pane = open_screen(menu, name, 80, 24, serial=False)
    for width, height in [(132, 43), (200, 60), (100, 30), (80, 24)]:
        pane.resize(width, height)
        if name == "countdown":
            text = pane.screen()
            seconds = int(text.split("' in ")[1].split("s.")[0])
            try:
                pane.wait_screen(expected(name, width, height, seconds=seconds), timeout=1.5)
            except AssertionError:
                pane.wait_screen(expected(name, width, height, seconds=seconds - 1), timeout=1.5)
        else:
            pane.wait_screen(expected(name, width, height))


@pytest.mark.parametrize("name", SCREENS)
def test_ctrl_l_asks_the_size_again_on_a_serial_line(menu, name):
    # On a serial line the resize never reaches the tty: the menu stays at the size it
    # learned until Ctrl-L asks the terminal again; then the whole screen is redrawn at
    # the new size (larger, then smaller).
    pane = open_screen(menu, name, 80, 24, serial=True)
    if name == "countdown":
        pane.wait_screen(expected("countdown", 80, 24, seconds=29, unicode=False), timeout=3)
    else:
        pane.wait_screen(expected(name, 80, 24, unicode=False))
    for width, height in [(200, 60), (100, 30)]:
        pane.resize(width, height)
        pane.send("C-l")
        if name == "countdown":
            seconds = int(pane.wait_for("' in ").split("' in ")[1].split("s.")[0])
            try:
                pane.wait_screen(expected(name, width, height, seconds=seconds, unicode=False), timeout=1.5)
            except AssertionError:
                pane.wait_screen(expected(name, width, height, seconds=seconds - 1, unicode=False), timeout=1.5)
        else:
            pane.wait_screen(expected(name, width, height, unicode=False))
    if name == "countdown":
        # Ctrl-L is no key for the menu: the countdown runs on.
        assert "Press any key to stop." in pane.screen()
