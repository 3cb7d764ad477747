"""The terminal after the hand-off: on a serial terminal larger than 24 rows (here a
100x30 tmux pane, which answers the menu's size request), the booted kernel's lines
must scroll normally, not overwrite one another on the bottom row (ncurses leaves the
scroll region of the 24 rows it first assumed unless swiftboot resets it)."""
from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "ui"))
from menu_pane import Pane  # noqa: E402

EXTLINUX = """\
TIMEOUT 10
LABEL big
    MENU LABEL Terminal check
    LINUX /vmlinuz
    INITRD /target.img
    APPEND console=ttyS0 terminal=check
"""


def test_booted_kernel_output_scrolls_on_a_30_row_terminal(built, target, disk, request):
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/setup installs it)")
    t = target("terminal-check")
    image = disk("terminal.img", [
        Partition(Filesystem("ext4", {"/extlinux/extlinux.conf": EXTLINUX, "/vmlinuz": t.kernel,
                                      "/target.img": t.initrds[0]}, size_mib=32, label="TERM"),
                  type=LINUX_DATA, name="term")])
    socket = f"swiftboot-term-{os.getpid()}"
    command = [str(REPO / "scripts" / "qemu"), "--disk", str(image), "--append", "swiftboot.timeout=2"]
    pane = Pane(socket, command, 100, 30, {"TERM": "screen"})
    try:
        pane.wait_for("Terminal check", timeout=90)
        deadline = time.monotonic() + 90
        while "EXIT=" not in pane.joined():
            assert time.monotonic() < deadline, f"QEMU did not finish:\n{pane.screen()}"
            time.sleep(0.2)
        lines = pane.joined().splitlines()
        starts = [line.split(" ")[0] for line in lines]
        assert "SWIFTBOOT-TARGET" in starts, "\n".join(lines)
        assert "SWIFTBOOT-INITRDS" in starts, "\n".join(lines)
        target_line = next(line for line in lines if line.startswith("SWIFTBOOT-TARGET"))
        assert target_line.rstrip().endswith("console=ttyS0 terminal=check initrd=/target.img"), target_line
    finally:
        pane.kill()
