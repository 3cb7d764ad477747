"""Details, log and help screens."""
from __future__ import annotations

from menu_pane import FIXTURES, grub_fs


def test_details_show_device_config_files_and_cmdline(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    pane.send("i")
    screen = pane.wait_for("Entry details")
    assert "Title:      Debian GNU/Linux" in screen
    assert "Id:         gnulinux-simple" in screen
    assert "DEBIAN  ext4" in screen
    assert "UUID:       0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40" in screen
    assert "Label:      DEBIAN" in screen
    assert "Config:     /boot/grub/grub.cfg line 4" in screen
    assert "Kernel:     /boot/vmlinuz-6.1.0-18-amd64" in screen
    assert "Initrd:     /boot/initrd.img-6.1.0-18-amd64" in screen
    assert "Devicetree: (none)" in screen
    assert "Cmdline:    BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64" in screen
    pane.send("Escape")
    pane.wait_for("Boot menu")


def test_details_of_a_submenu_entry_name_the_submenu(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Advanced options")
    pane.send("Down", "Enter")
    pane.wait_for("(recovery mode)")
    pane.send("Down", "i")
    screen = pane.wait_for("Entry details")
    assert "Submenu:    Advanced options for Debian GNU/Linux" in screen
    assert "ro single" in screen


def test_log_shows_the_scan(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    pane.send("l")
    screen = pane.wait_for(" Log")
    assert "swiftboot: menu: 7 entries on 1 filesystem(s)" in screen
    pane.send("l")
    pane.wait_for("Boot menu")


def test_log_shows_config_errors(menu, tmp_path):
    grub = tmp_path / "boot" / "grub"
    grub.mkdir(parents=True)
    (grub / "grub.cfg").write_text("set timeout=3\nmenuentry 'Good' {\n linux /vmlinuz\n}\nmenuentry 'Broken' {\n linux /vmlinuz\n")
    (tmp_path / "vmlinuz").write_text("x")
    pane = menu(f"dir={tmp_path},label=BROKEN", timeout=-1)
    screen = pane.wait_for("Good")
    assert "config error" in screen and "press l for the log" in screen
    pane.send("l")
    screen = pane.wait_for(" Log")
    assert "swiftboot: error: config:" in screen
    assert "unexpected end of file in menuentry" in screen


def test_help_lists_the_keys(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    pane.send("h")
    screen = pane.wait_for("Help")
    assert "rescan devices" in screen
    pane.send("End")
    pane.wait_for("Ctrl-K")
    pane.send("Escape", "?")
    pane.wait_for("rescan devices")
    pane.send("q")
    pane.wait_for("Boot menu")


def test_s_runs_a_shell_and_the_menu_comes_back(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Debian GNU/Linux")
    pane.send("s")
    pane.wait_gone("Boot menu")
    pane.type("echo from-the-shell-$((6*7))")
    pane.send("Enter")
    pane.wait_for("from-the-shell-42")
    pane.type("exit")
    pane.send("Enter")
    screen = pane.wait_for("Boot menu")
    assert "Debian GNU/Linux" in screen
    pane.send("Enter")
    _, text = pane.wait_exit()
    assert "kexec: kernel=" in text
