"""The boot menu driven from a serial terminal while it also runs on the VGA console
(`console=tty0 console=ttyS0`): stop the countdown, open a submenu, edit an entry's
command line, boot it, and check the target kernel saw the edit."""
from __future__ import annotations

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
"""


@pytest.fixture
def menu_disk(target, disk):
    top = target("top")
    one = target("nested-one")
    two = target("nested-two")
    return disk("menu.img", [
        Partition(Filesystem("ext4", {
            "/boot/grub/grub.cfg": GRUB_CFG,
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
