"""What the menu shows: title bar, devices, entries, default mark, selection, status
and help lines, truncation and the UTF-8/ASCII fallback."""
from __future__ import annotations

from menu_pane import bls_fs, grub_fs, syslinux_fs


def test_title_bar_devices_and_entries(menu):
    pane = menu(grub_fs(), bls_fs())
    screen = pane.wait_for("Booting 'Debian GNU/Linux' in")
    lines = pane.lines()
    assert lines[0].startswith(" swiftboot 0.1.0")
    assert lines[0].endswith("Boot menu")
    assert "ui/fixtures/grub  DEBIAN  ext4" in lines[2]
    assert "  * Debian GNU/Linux" in screen
    assert "    Advanced options for Debian GNU/Linux >" in screen
    assert "ui/fixtures/bls  fedora-boot  xfs" in screen
    assert "Fedora Linux 39 (Workstation Édition) (6.5.6-300.fc39.x86_64)" in screen
    assert lines[23].strip() == "Enter=boot  e=edit  i=info  l=log  r=rescan  s=shell  h=help  q=quit"


def test_default_entry_is_selected(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    assert pane.selected() == "* Debian GNU/Linux"


def test_long_titles_are_cut_with_an_ellipsis(menu):
    pane = menu(grub_fs(), timeout=-1)
    screen = pane.wait_for("Ubuntu 22.04.4")
    line = next(l for l in screen.split("\n") if "Ubuntu 22.04.4" in l)
    assert line.endswith("…")
    assert len(line) == 80


def test_utf8_titles_degrade_to_ascii_on_a_vt100(menu):
    pane = menu(grub_fs(), timeout=-1, env={"TERM": "vt100"})
    screen = pane.wait_for("Fedora Linux 39")
    assert "Fedora Linux 39 (Workstation Edition)" in screen
    assert "Ubuntu 22.04.4" in screen and "~" in screen


def test_utf8_is_drawn_with_c_utf8_when_the_environment_has_no_locale(menu):
    pane = menu(grub_fs(), timeout=-1, env={"LANG": "C", "LC_ALL": "C"})
    screen = pane.wait_for("Fedora Linux 39")
    assert "Fedora Linux 39 (Workstation Édition)" in screen


def test_menu_fits_a_narrow_terminal(menu):
    pane = menu(grub_fs(), timeout=-1, width=50, height=16)
    screen = pane.wait_for("Debian GNU/Linux")
    assert all(len(line) <= 50 for line in screen.split("\n"))
    assert pane.lines()[15].startswith(" Enter=boot")


def test_resize_redraws_at_the_new_size(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Boot menu")
    pane.resize(120, 30)
    pane.wait_for("Ubuntu 22.04.4 LTS (GNU/Linux 6.5.0-27-generic x86_64) with a title far too long")
    lines = pane.lines()
    assert lines[0].startswith(" swiftboot 0.1.0") and lines[0].endswith("Boot menu")
    assert len(lines[0]) == 119  # the bar's last column is a blank
    assert lines[29].startswith(" Enter=boot")


def test_size_is_asked_of_a_terminal_the_tty_has_no_size_for(menu):
    # Like a serial line: the tty reports 0x0, so the menu asks the terminal (tmux
    # answers the cursor-position request) instead of assuming 80x24.
    pane = menu(grub_fs(), timeout=-1, width=100, height=30, before="stty rows 0 cols 0;")
    pane.wait_for("Enter=boot")
    lines = pane.lines()
    assert lines[29].startswith(" Enter=boot")
    assert len(lines[0]) == 99 and lines[0].endswith("Boot menu")


def test_three_filesystems_are_three_groups(menu):
    pane = menu(grub_fs(), syslinux_fs(), bls_fs(), timeout=-1)
    screen = pane.wait_for("fedora-boot")
    headings = [l for l in screen.split("\n") if l.startswith(" /") and "fixtures" in l]
    assert [h.split("fixtures/")[1].split()[0] for h in headings] == ["grub", "syslinux", "bls"]
