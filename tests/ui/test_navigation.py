"""Moving around: arrows, pages, Home/End, submenus, hotkeys, Enter boots."""
from __future__ import annotations

from menu_pane import FIXTURES, bls_fs, grub_fs, plan_line, syslinux_fs


def test_down_down_enter_boots_the_third_row(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Rescue shell")
    pane.send("Down", "Down")
    assert pane.selected() == "Rescue shell"
    pane.send("Enter")
    status, text = pane.wait_exit()
    assert status == 0
    assert plan_line(text) == (
        f"kexec: kernel={FIXTURES}/grub:/boot/vmlinuz-6.1.0-18-amd64 initrds= "
        "cmdline=BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro init=/bin/sh")


def test_up_stops_at_the_first_row(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Rescue shell")
    pane.send("Up", "Up")
    assert pane.selected() == "* Debian GNU/Linux"


def test_end_and_home(menu):
    pane = menu(grub_fs(), bls_fs(), timeout=-1)
    pane.wait_for("fedora-boot")
    pane.send("End")
    assert pane.selected() == "Fedora Linux 39 (Workstation Édition) (6.4.2-200.fc39.x86_64)"
    pane.send("Home")
    assert pane.selected() == "* Debian GNU/Linux"


def test_page_down_and_up_in_a_long_menu(menu, tmp_path):
    entries = tmp_path / "loader" / "entries"
    entries.mkdir(parents=True)
    for i in range(40):
        (entries / f"e{i:02d}.conf").write_text(f"title Entry {i:02d}\nsort-key a{i:02d}\nlinux /vmlinuz\n")
    (tmp_path / "vmlinuz").write_text("x")
    pane = menu(f"dir={tmp_path},label=MANY", timeout=-1)
    pane.wait_for("Entry 00")
    pane.send("NPage")
    assert pane.selected() == "Entry 19"
    pane.send("NPage", "NPage")
    assert pane.selected() == "Entry 39"
    assert "Entry 39" in pane.screen() and "Entry 00" not in pane.screen()
    pane.send("PPage")
    assert pane.selected() == "Entry 20"


def test_enter_opens_a_submenu_and_escape_leaves_it(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Advanced options")
    pane.send("Down", "Enter")
    screen = pane.wait_for("(recovery mode)")
    assert "DEBIAN  ext4 > Advanced options" in screen
    assert "Esc=back" in screen
    assert pane.selected() == "Debian GNU/Linux, with Linux 6.1.0-18-amd64"
    pane.send("Escape")
    pane.wait_gone("(recovery mode)")
    assert pane.selected() == "Advanced options for Debian GNU/Linux >"


def test_right_opens_and_left_leaves_a_submenu(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Advanced options")
    pane.send("Down", "Right")
    pane.wait_for("(recovery mode)")
    pane.send("Left")
    pane.wait_gone("(recovery mode)")


def test_booting_an_entry_inside_a_submenu(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Advanced options")
    pane.send("Down", "Enter")
    pane.wait_for("(recovery mode)")
    pane.send("Down", "Enter")
    status, text = pane.wait_exit()
    assert status == 0
    assert plan_line(text).endswith("ro single")


def test_grub_hotkey_boots_its_entry(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Rescue shell")
    pane.send("x")
    status, text = pane.wait_exit()
    assert "init=/bin/sh" in plan_line(text)


def test_letters_that_are_no_hotkey_do_nothing(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Rescue shell")
    pane.send("z", "y")
    assert pane.selected() == "* Debian GNU/Linux"
    assert "EXIT=" not in pane.screen()


def test_q_quits_without_booting(menu):
    pane = menu(grub_fs(), timeout=-1)
    pane.wait_for("Rescue shell")
    pane.send("q")
    status, text = pane.wait_exit()
    assert status == 0
    assert "kexec:" not in text


def test_syslinux_caret_hotkey_boots_its_entry(menu):
    pane = menu(syslinux_fs(), timeout=-1)
    pane.wait_for("single user")
    pane.send("n")
    _, text = pane.wait_exit()
    assert "root=/dev/vda2 ro single initrd=" in plan_line(text)


def test_hotkeys_of_a_submenu_work_inside_it(menu):
    pane = menu(syslinux_fs(), timeout=-1)
    pane.wait_for("Advanced options")
    pane.send("f")
    assert "EXIT=" not in pane.screen()
    pane.send("Down", "Down", "Enter")
    pane.wait_for("(fallback)")
    pane.send("f")
    _, text = pane.wait_exit()
    assert "syslinux:/boot/vmlinuz-5.10 " in plan_line(text)
