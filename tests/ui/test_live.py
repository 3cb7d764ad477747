"""Rescans: entries that appear or go away while the menu is open."""
from __future__ import annotations

import shutil

from menu_pane import FIXTURES, grub_fs, plan_line

NEW_ENTRY = "title Arch Linux\nsort-key 0-arch\nlinux /vmlinuz-linux\ninitrd /initramfs-linux.img\noptions root=LABEL=arch rw\n"


def test_rescan_shows_a_new_entry_without_moving_the_selection(menu, tmp_path):
    bls = tmp_path / "bls"
    shutil.copytree(FIXTURES / "bls", bls)
    pane = menu(grub_fs(), f"dir={bls},label=fedora-boot", timeout=-1)
    pane.wait_for("fedora-boot")
    pane.send("Down", "Down")
    assert pane.selected() == "Rescue shell"
    (bls / "loader" / "entries" / "arch.conf").write_text(NEW_ENTRY)
    (bls / "vmlinuz-linux").write_text("x")
    pane.send("r")
    pane.wait_for("Arch Linux")
    pane.wait_for("Rescanned: 10 entries.")
    assert pane.selected() == "Rescue shell"
    pane.send("End", "Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith("cmdline=root=UUID=1111-2222 ro")


def test_rescan_drops_entries_that_went_away(menu, tmp_path):
    bls = tmp_path / "bls"
    shutil.copytree(FIXTURES / "bls", bls)
    pane = menu(f"dir={bls},label=fedora-boot", timeout=-1)
    pane.wait_for("6.4.2-200")
    pane.send("End")
    (bls / "loader" / "entries" / "fedora-6.4.conf").unlink()
    pane.send("r")
    pane.wait_gone("6.4.2-200")
    # The title lost its version suffix (no other entry shares it), so the selection went
    # to the nearest row: the same place.
    assert pane.selected() == "* Fedora Linux 39 (Workstation Édition)"


def test_rescan_keeps_the_countdown_running(menu, tmp_path):
    bls = tmp_path / "bls"
    shutil.copytree(FIXTURES / "bls", bls)
    pane = menu(grub_fs(), f"dir={bls},label=fedora-boot")
    pane.wait_for("in 5s")
    # r is a key, so it stops the countdown like any other; the deadline itself is only
    # kept for rescans that are not caused by a key (hotplug), covered by unit tests.
    pane.send("r")
    pane.wait_for("Rescanned")
