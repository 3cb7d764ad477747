"""The edit screen: GRUB's keys, boots the edited entry, Esc cancels, reset_devices."""
from __future__ import annotations

from menu_pane import grub_fs, plan_line

CMDLINE = "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro quiet"


def open_editor(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    pane.send("e")
    pane.wait_for("Edit entry (this boot only)")
    return pane


def test_editor_shows_the_entry_with_the_cursor_after_the_command_line(menu):
    pane = open_editor(menu)
    screen = pane.screen()
    assert "Editing: Debian GNU/Linux" in screen
    assert " Kernel:   /boot/vmlinuz-6.1.0-18-amd64" in screen
    assert " Initrds:  /boot/initrd.img-6.1.0-18-amd64" in screen
    assert "[ ] reset_devices" in screen
    cursor = pane.tmux("display-message", "-p", "-t", "menu", "#{cursor_x},#{cursor_y}").strip()
    x, y = map(int, cursor.split(","))
    # 11 columns of label, the command line wrapped at 68 columns.
    assert (x, y) == (11 + len(CMDLINE) - 68, 7)


def test_typing_appends_and_enter_boots_the_edited_entry(menu):
    pane = open_editor(menu)
    pane.type(" single")
    pane.send("Enter")
    status, text = pane.wait_exit()
    assert status == 0
    assert plan_line(text).endswith("cmdline=" + CMDLINE + " single")


def test_ctrl_x_boots(menu):
    pane = open_editor(menu)
    pane.type(" nomodeset")
    pane.send("C-x")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith(" quiet nomodeset")


def test_f10_boots(menu):
    pane = open_editor(menu)
    pane.send("F10")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith("cmdline=" + CMDLINE)


def test_escape_cancels_the_edit(menu):
    pane = open_editor(menu)
    pane.type(" single")
    pane.send("Escape")
    pane.wait_for("Boot menu")
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith("cmdline=" + CMDLINE)


def test_ctrl_a_ctrl_k_replaces_the_command_line(menu):
    pane = open_editor(menu)
    pane.send("C-a", "C-k")
    pane.type("root=/dev/sda1")
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith(" cmdline=root=/dev/sda1")


def test_backspace_and_delete(menu):
    pane = open_editor(menu)
    pane.send("BSpace", "BSpace", "BSpace", "BSpace", "BSpace", "BSpace")   # drop " quiet"
    pane.send("Home", "DC", "DC", "DC", "DC", "DC", "DC", "DC", "DC", "DC", "DC", "DC")  # "BOOT_IMAGE="
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith(" cmdline=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro")


def test_left_right_and_ctrl_e(menu):
    pane = open_editor(menu)
    pane.send("Left", "Left", "Left", "Left", "Left")  # before "quiet"
    pane.type("X")
    pane.send("C-e")
    pane.type("Y")
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith(" ro XquietY")


def test_kernel_path_can_be_edited(menu):
    pane = open_editor(menu)
    pane.send("Up", "Up", "C-a", "C-k")
    pane.type("/boot/vmlinuz-5.10.0-28-amd64")
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert "grub:/boot/vmlinuz-5.10.0-28-amd64 initrds=" in plan_line(text)


def test_reset_devices_tick(menu):
    pane = open_editor(menu)
    pane.send("Down")
    pane.type(" ")
    pane.wait_for("[x] reset_devices")
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert plan_line(text).endswith(" quiet reset_devices")


def test_edit_changes_only_this_boot(menu):
    pane = open_editor(menu)
    pane.type(" single")
    pane.send("Escape", "e")
    screen = pane.wait_for("Edit entry")
    assert "single" not in screen
