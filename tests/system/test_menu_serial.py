"""The boot menu driven from a serial terminal while it also runs on the VGA console
(`console=tty0 console=ttyS0`): stop the countdown, open a submenu, edit an entry's
command line, boot it, and check the target kernel saw the edit."""
from __future__ import annotations

import time

import pexpect
import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

GRUB_CFG = """\
set timeout=8
set default=top
menuentry 'Alpha top entry' --id top {
    linux /boot/vmlinuz console=ttyS0 serial=top
    initrd /boot/top.img
}
submenu 'Further choices' --id further {
    menuentry 'Kilo first nested' --id nested-one {
        linux /boot/vmlinuz console=ttyS0 serial=nested-one
        initrd /boot/one.img
    }
    menuentry 'Zulu second nested' --id nested-two {
        linux /boot/vmlinuz console=ttyS0 serial=nested-two
        initrd /boot/two.img
    }
}
menuentry 'Fedora Linux 39 (Workstation Édition)' --id fedora {
    linux /boot/vmlinuz-fedora console=ttyS0 serial=fedora
}
menuentry 'Missing kernel' --id missing {
    linux /boot/vmlinuz-gone console=ttyS0 serial=missing
}
"""


EXTLINUX_CONF = """\
DEFAULT hotplugged
TIMEOUT 50
LABEL hotplugged
    MENU LABEL Hotplugged extlinux
    LINUX /boot/vmlinuz
    INITRD /boot/hot.img
    APPEND console=ttyS0 serial=hotplugged
"""


def monitor(m, command: str) -> None:
    """Runs a command in the QEMU monitor (Ctrl-A c switches the serial mux to it and back)."""
    m.child.send("\x01c")
    time.sleep(0.5)
    m.child.send(command + "\r")
    time.sleep(1.0)
    m.child.send("\x01c")
    time.sleep(0.5)


@pytest.fixture
def menu_disk(target, disk):
    return make_menu_disk(target, disk, GRUB_CFG)


@pytest.fixture
def hidden_menu_disk(target, disk):
    return make_menu_disk(target, disk, "set timeout_style=hidden\n" + GRUB_CFG)


def make_menu_disk(target, disk, grub_cfg: str):
    top = target("top")
    one = target("nested-one")
    two = target("nested-two")
    return disk("menu.img", [
        Partition(Filesystem("ext4", {
            "/boot/grub/grub.cfg": grub_cfg,
            "/boot/vmlinuz": top.kernel,
            "/boot/top.img": top.initrds[0],
            "/boot/one.img": one.initrds[0],
            "/boot/two.img": two.initrds[0],
        }, size_mib=48, label="MENU-TEST", uuid="5b3c1f64-4f4c-4d0e-9a43-00000000a001"),
            type=LINUX_DATA, name="menu"),
    ])


def test_serial_console_edits_an_entry_in_a_submenu(machine, menu_disk):
    m = machine(disks=[menu_disk], append="console=tty0 console=ttyS0")
    m.expect("swiftboot 0.1.0")
    m.expect(r"in \d+s\. Press any key to stop")
    # Down stops the countdown and moves to the submenu; Enter opens it.
    m.send_keys("down", "enter")
    m.expect("> Further choices")
    m.send_keys("down", "e")
    m.expect("Edit entry")
    m.send_keys(" addedword", "enter")
    report = m.wait_target()
    assert report.name == "nested-two"
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 serial=nested-two addedword"
    assert report.initrds == ["nested-two"]


def test_serial_console_escape_leaves_the_submenu(machine, menu_disk):
    m = machine(disks=[menu_disk], append="console=tty0 console=ttyS0")
    m.expect(r"in \d+s\. Press any key to stop")
    m.send_keys("down", "enter")
    m.expect("> Further choices")
    # A lone Esc (the escape delay decides it is not a sequence) leaves the submenu;
    # Up then reaches the first entry, booted with Enter.
    m.send_keys("esc", delay=0.5)
    m.send_keys("up", "enter")
    report = m.wait_target()
    assert report.name == "top"


def test_first_console_to_act_takes_control(machine, menu_disk):
    m = machine(disks=[menu_disk], append="console=tty0 console=ttyS0")
    m.expect(r"in \d+s\. Press any key to stop")
    # Keys typed on the VGA console (QEMU's PS/2 keyboard): it takes control and the
    # serial console mirrors it.
    monitor(m, "sendkey down")
    m.expect("The menu is in use on tty0")
    monitor(m, "sendkey ret")
    m.expect("> Further choices")
    # The serial console's keys are ignored now: Down would select the second entry.
    m.send_keys("down")
    monitor(m, "sendkey ret")
    report = m.wait_target()
    assert report.name == "nested-one"


def test_hotplugged_disk_entries_appear(machine, menu_disk, target, disk):
    hot = target("hotplugged")
    hot_disk = disk("hot.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": hot.kernel,
            "/boot/hot.img": hot.initrds[0],
        }, size_mib=32, label="HOT-EXT", uuid="5b3c1f64-4f4c-4d0e-9a43-00000000a002"),
            type=LINUX_DATA, name="hot"),
    ])
    m = machine(disks=[menu_disk], disk_bus="scsi")
    m.expect(r"in \d+s\. Press any key to stop")
    m.send_keys("down")  # stop the countdown; the selection is on the submenu
    monitor(m, f"drive_add 0 if=none,id=hot,format=raw,file={hot_disk}")
    monitor(m, "device_add scsi-hd,drive=hot,bus=scsi0.0")
    m.expect("Hotplugged extlinux", timeout=30)
    m.send_keys("end", "enter")
    report = m.wait_target()
    assert report.name == "hotplugged"


def test_a_failed_load_is_shown_and_the_menu_goes_on(machine, menu_disk):
    m = machine(disks=[menu_disk])
    m.expect(r"in \d+s\. Press any key to stop")
    m.send_keys("end", "enter")
    m.expect("vmlinuz-gone does not exist")
    m.send_keys("home", "enter")
    report = m.wait_target()
    assert report.name == "top"


@pytest.mark.parametrize("term, shown", [
    ("TERM=xterm", "Workstation Édition"),
    ("", "Workstation Edition"),
], ids=["xterm-utf8", "vt220-ascii"])
def test_utf8_titles_on_a_serial_terminal(machine, menu_disk, term, shown):
    # TERM= on the kernel command line names the serial terminal; the default (vt220)
    # cannot draw UTF-8, so titles are spelled in ASCII there.
    m = machine(disks=[menu_disk], append=f"swiftboot.timeout=-1 {term}".strip())
    m.expect("swiftboot 0.1.0")
    m.expect(shown.encode())


def test_hidden_menu_shows_on_a_key(machine, hidden_menu_disk):
    m = machine(disks=[hidden_menu_disk])
    m.expect("Run /init as init process")
    # The menu process starts and counts down without drawing anything.
    with pytest.raises(pexpect.TIMEOUT):
        m.expect("swiftboot 0.1.0", timeout=3)
    m.send_keys("x")
    m.expect("swiftboot 0.1.0")
    # The countdown stopped: the submenu's first entry boots, not the default.
    m.send_keys("down", "enter")
    m.expect("> Further choices")
    m.send_keys("enter")
    report = m.wait_target()
    assert report.name == "nested-one"
