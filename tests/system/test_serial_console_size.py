"""The menu on a 100x30 serial console (QEMU's ttyS0 in a 100x30 tmux pane, as
`scripts/demo` in such a terminal): the tty knows no size, the menu asks the terminal
(`ESC [ 6 n`) and redraws at 100x30. The whole screen must stay exact while the
countdown runs: its digits change in place on the status row and the key help stays on
the last row (ncurses kept the scroll region of the 24 rows it started with, so the
status line landed on row 24 and the digits were written on row 29 next to nothing).
Then a key stops the countdown, Ctrl-L (size asked again) repaints the same screen, and
after the terminal grows to 132x43 Ctrl-L redraws the whole screen at that size."""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "ui"))
from menu_pane import Pane, screen_diff  # noqa: E402
from screens import screen  # noqa: E402

GRUB = """\
set default=0
set timeout=10
menuentry 'Debian GNU/Linux' {
    linux /vmlinuz root=/dev/nvme0n1p1 ro console=ttyS0
    initrd /initrd.img
}
submenu 'Advanced options for Debian GNU/Linux' {
    menuentry 'Debian GNU/Linux (recovery mode)' {
        linux /vmlinuz root=/dev/nvme0n1p1 ro single console=ttyS0
    }
}
"""
WIDTH, HEIGHT = 100, 30
# ttyS0 without TERM= on the kernel command line is a vt220: no shell key (the payload
# has no /bin/sh), no quit.
KEYS = "Enter=boot  e=edit  i=info  l=log  r=rescan  h=help"
BODY = [" /dev/nvme0n1p1  TTY  ext4  16 MiB", "  * Debian GNU/Linux", "    Advanced options for Debian GNU/Linux >"]


def expected(seconds: int | None, width: int = WIDTH, height: int = HEIGHT) -> str:
    status = f"Booting 'Debian GNU/Linux' in {seconds}s. Press any key to stop." if seconds is not None else ""
    return screen(width, height, "Boot menu", BODY, status, KEYS)


def seconds_shown(pane: Pane) -> int | None:
    found = re.findall(r"' in (\d+)s\.", pane.screen())
    return int(found[-1]) if found else None


def wait_exact(pane: Pane, want, timeout: float) -> str:
    """Waits until the screen is exactly `want()` (the expected screen for what it shows)."""
    deadline = time.monotonic() + timeout
    while True:
        text, target = pane.screen(), want()
        if text == target:
            return text
        if time.monotonic() > deadline:
            raise AssertionError("screen differs from the expected one:\n" + screen_diff(target, text))
        time.sleep(0.1)


def test_countdown_changes_in_place_on_a_100x30_serial_console(built, disk):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/setup installs it)")
    image = disk("serial-size.img", [
        Partition(Filesystem("ext4", {"/boot/grub/grub.cfg": GRUB, "/vmlinuz": "kernel", "/initrd.img": "initrd"},
                             size_mib=16, label="TTY"), type=LINUX_DATA, name="tty")])
    socket = f"swiftboot-serial-size-{os.getpid()}"
    command = [str(REPO / "scripts" / "qemu"), "--disk", str(image), "--append", "quiet"]
    pane = Pane(socket, command, WIDTH, HEIGHT, {"TERM": "screen"})
    try:
        pane.wait_for("Debian GNU/Linux", timeout=90)
        # The size answer arrives after the first (80x24) draw; then the whole screen is
        # the 100x30 one, with whatever the countdown shows.
        wait_exact(pane, lambda: expected(seconds_shown(pane)), timeout=5)
        first = seconds_shown(pane)
        assert first is not None and first >= 3, pane.screen()
        # Two later seconds, each on the same row with everything else unchanged.
        wait_exact(pane, lambda: expected(first - 1), timeout=3)
        wait_exact(pane, lambda: expected(first - 2), timeout=3)
        pane.send("Down")
        wait_exact(pane, lambda: expected(None), timeout=5)
        assert pane.selected() == "Advanced options for Debian GNU/Linux >"
        pane.send("C-l")
        time.sleep(1)
        wait_exact(pane, lambda: expected(None), timeout=5)
        assert pane.selected() == "Advanced options for Debian GNU/Linux >"
        # The serial terminal grows: nothing tells the guest, Ctrl-L asks the size again.
        pane.resize(132, 43)
        pane.send("C-l")
        wait_exact(pane, lambda: expected(None, 132, 43), timeout=5)
        assert pane.selected() == "Advanced options for Debian GNU/Linux >"
    finally:
        pane.kill()
