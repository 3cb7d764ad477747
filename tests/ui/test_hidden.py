"""GRUB `timeout_style=hidden`: the menu shows only when a key is pressed."""
from __future__ import annotations

import time

from menu_pane import plan_line

GRUB_CFG = """\
set timeout_style=hidden
set timeout={timeout}
menuentry 'Ubuntu' --id ubuntu {{
    linux /boot/vmlinuz root=LABEL=ubuntu ro quiet splash
}}
menuentry 'Ubuntu (recovery mode)' --id ubuntu-recovery {{
    linux /boot/vmlinuz root=LABEL=ubuntu ro recovery nomodeset
}}
"""


def hidden_disk(tmp_path, timeout):
    grub = tmp_path / "boot" / "grub"
    grub.mkdir(parents=True)
    (grub / "grub.cfg").write_text(GRUB_CFG.format(timeout=timeout))
    (tmp_path / "boot" / "vmlinuz").write_text("x")
    return f"dir={tmp_path},label=ubuntu"


def test_hidden_menu_is_not_drawn_while_counting(menu, tmp_path):
    pane = menu(hidden_disk(tmp_path, 4))
    time.sleep(1.5)
    assert "swiftboot 0.1.0" not in pane.screen()
    assert "EXIT=" not in pane.screen()


def test_a_key_shows_the_hidden_menu_and_stops_the_countdown(menu, tmp_path):
    pane = menu(hidden_disk(tmp_path, 3))
    time.sleep(0.5)
    pane.send("Enter")
    screen = pane.wait_for("swiftboot 0.1.0")
    assert "Press any key to stop" not in screen
    assert pane.selected() == "* Ubuntu"
    time.sleep(3.5)
    assert "EXIT=" not in pane.screen()


def test_hidden_menu_boots_the_default_when_the_time_is_up(menu, tmp_path):
    pane = menu(hidden_disk(tmp_path, 1))
    status, text = pane.wait_exit(timeout=5)
    assert status == 0
    assert plan_line(text).endswith("ro quiet splash")
