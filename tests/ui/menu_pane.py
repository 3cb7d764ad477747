"""Helpers of the host UI tests: a tmux pane running `swiftboot menu --dry-run`, the
fixture filesystems, the printed boot plan. (Not in conftest.py: tests/system has a
conftest too, and both are imported in one pytest run.)"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def swiftboot_binary() -> Path:
    """build/swiftboot (made by scripts/build when missing), or $SWIFTBOOT_BIN."""
    if os.environ.get("SWIFTBOOT_BIN"):
        return Path(os.environ["SWIFTBOOT_BIN"])
    binary = REPO / "build" / "swiftboot"
    if not binary.exists():
        subprocess.run([str(REPO / "scripts" / "build")], check=True)
    return binary


class Pane:
    """One tmux session running a command in an 80x24 (or given) window."""

    def __init__(self, socket: str, command: list[str], width: int, height: int, env: dict[str, str],
                 before: str = ""):
        self.socket = socket
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        shell = f"{before} env {assignments} {shlex.join(command)}; echo EXIT=$?; sleep 100000"
        self.tmux("new-session", "-d", "-s", "menu", "-x", str(width), "-y", str(height), shell)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def screen(self) -> str:
        """The visible screen, one line per row, trailing blanks removed."""
        return "\n".join(line.rstrip() for line in self.tmux("capture-pane", "-p", "-t", "menu").split("\n"))

    def joined(self) -> str:
        """The screen with wrapped lines joined (for long output after the menu exits)."""
        return self.tmux("capture-pane", "-p", "-J", "-t", "menu")

    def lines(self) -> list[str]:
        return self.screen().split("\n")

    def send(self, *keys: str) -> None:
        """tmux key names (Up, Down, Enter, Escape, PPage, NPage, Home, End, BSpace, C-a, F10)."""
        for key in keys:
            self.tmux("send-keys", "-t", "menu", key)
            time.sleep(0.08)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "menu", "-l", text)
        time.sleep(0.1)

    def wait_for(self, text: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not on screen:\n{screen}")
            time.sleep(0.05)

    def wait_gone(self, text: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on screen:\n{screen}")
            time.sleep(0.05)

    def wait_screen(self, expected: str, timeout: float = 5.0) -> None:
        """Waits until the whole visible screen is exactly `expected` (as `screen()` gives
        it); fails showing both, row by row, where they differ."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if screen == expected:
                return
            if time.monotonic() > deadline:
                raise AssertionError("screen differs from the expected one:\n" + screen_diff(expected, screen))
            time.sleep(0.05)

    def wait_exit(self, timeout: float = 5.0) -> tuple[int, str]:
        """Waits for the menu to exit; returns its status and the joined screen text."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.joined()
            for line in text.splitlines():
                if line.startswith("EXIT="):
                    return int(line[5:]), text
            if time.monotonic() > deadline:
                raise AssertionError(f"menu did not exit:\n{self.screen()}")
            time.sleep(0.05)

    def selected(self) -> str:
        """The text of the highlighted row (reverse video), read with capture-pane -e."""
        raw = self.tmux("capture-pane", "-p", "-e", "-t", "menu").split("\n")
        for row, line in enumerate(raw):
            reverse = any("7" in params.split(";") for params in re.findall(r"\x1b\[([0-9;]*)m", line))
            if row > 0 and reverse:
                return self.lines()[row].strip()
        return ""

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "menu", "-x", str(width), "-y", str(height))

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def screen_diff(expected: str, actual: str) -> str:
    """Both screens side by side per row, rows that differ marked with `!`."""
    a, b = expected.split("\n"), actual.split("\n")
    out = []
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<none>"
        y = b[i] if i < len(b) else "<none>"
        out.append(f"{'!' if x != y else ' '}{i:3d} expected |{x}|")
        if x != y:
            out.append(f"{'':4} actual   |{y}|")
    return "\n".join(out)


def plan_line(text: str) -> str:
    """The dry-run boot plan line printed after the menu exits."""
    for line in text.splitlines():
        if line.startswith("kexec: "):
            return line
    raise AssertionError(f"no boot plan printed:\n{text}")



def grub_fs(path: Path = FIXTURES / "grub") -> str:
    return f"dir={path},label=DEBIAN,type=ext4,uuid=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40"


def syslinux_fs(path: Path = FIXTURES / "syslinux") -> str:
    return f"dir={path},label=BOOT,type=vfat,uuid=A1B2-C3D4"


def bls_fs(path: Path = FIXTURES / "bls") -> str:
    return f"dir={path},label=fedora-boot,type=xfs"
