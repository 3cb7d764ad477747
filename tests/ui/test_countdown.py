"""The countdown: shown while it runs, stopped by any key, timeout 0 boots at once."""
from __future__ import annotations

import subprocess
import time

from menu_pane import grub_fs, plan_line, swiftboot_binary


def test_countdown_is_shown_and_counts_down(menu):
    pane = menu(grub_fs(), timeout=30)
    pane.wait_for("Booting 'Debian GNU/Linux' in 30s. Press any key to stop.")
    pane.wait_for("Booting 'Debian GNU/Linux' in 29s.", timeout=3)


def test_any_key_stops_the_countdown(menu):
    pane = menu(grub_fs(), timeout=2)
    pane.wait_for("Booting 'Debian GNU/Linux' in 2s")
    pane.send("z")
    pane.wait_gone("Press any key to stop")
    time.sleep(3)
    assert "EXIT=" not in pane.screen()
    assert "Boot menu" in pane.screen()


def test_expired_countdown_boots_the_default(menu):
    pane = menu(grub_fs(), timeout=1)
    status, text = pane.wait_exit(timeout=5)
    assert status == 0
    assert plan_line(text).endswith("ro quiet")
    assert "/boot/vmlinuz-6.1.0-18-amd64" in plan_line(text)


def test_config_timeout_is_used_without_an_override(menu):
    pane = menu(grub_fs())
    pane.wait_for("Booting 'Debian GNU/Linux' in 5s")


def test_timeout_zero_boots_without_drawing_the_menu(tmp_path):
    # Record every byte the menu writes to its terminal.
    record = tmp_path / "typescript"
    binary = swiftboot_binary()
    command = f"{binary} menu --dry-run --timeout 0 --fs {grub_fs()}"
    # script's input stays open and silent: at end of input script types Ctrl-D into the
    # terminal, a key that (arriving before the first tick) would show the menu.
    with subprocess.Popen(["script", "-q", "-e", "-c", command, str(record)], stdin=subprocess.PIPE,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={"TERM": "xterm", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}) as script:
        try:
            assert script.wait(timeout=20) == 0
        finally:
            script.kill()
    output = record.read_bytes().decode(errors="replace")
    assert "kexec: kernel=" in output
    assert "swiftboot 0.1.0" not in output
    assert "Boot menu" not in output


def test_a_key_typed_before_the_menu_starts_stops_timeout_zero(menu):
    # The key is in the terminal's input before swiftboot reads it, like one held
    # during boot.
    pane = menu(grub_fs(), timeout=0, before="sleep 0.3;")
    pane.send("z")
    screen = pane.wait_for("Boot menu")
    assert "EXIT=" not in screen
