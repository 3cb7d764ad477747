"""kexec through the menu: a broken kernel gives its error on screen and the menu
still boots a good entry afterwards; `swiftboot.kexec=segments` boots every entry with
kexec_load and swiftboot's purgatory; `swiftboot.reset_devices` reaches the target."""
from __future__ import annotations

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

EXTLINUX_CONF = """\
DEFAULT broken
TIMEOUT 0
LABEL broken
    MENU LABEL Broken kernel entry
    LINUX /boot/broken
    INITRD /boot/good.img
    APPEND console=ttyS0 which=broken
LABEL good
    MENU LABEL Good kernel entry
    LINUX /boot/vmlinuz
    INITRD /boot/good.img
    APPEND console=ttyS0 which=good
"""


@pytest.fixture
def kexec_disk(target, disk, tmp_path):
    good = target("menu-good")
    broken = tmp_path / "broken"
    broken.write_bytes(b"\x7fELF not really a kernel\n" * 2000)
    return disk("kexec-menu.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": good.kernel,
            "/boot/broken": broken,
            "/boot/good.img": good.initrds[0],
        }, size_mib=48, label="KEXEC-MENU"), type=LINUX_DATA, name="kexec"),
    ])


def target_report(m, timeout: float):
    match = m.expect(r"SWIFTBOOT-TARGET name=([^\r\n]*?) cmdline=([^\r\n]*)\r*\n", timeout)
    name, cmdline = match.group(1).decode(), match.group(2).decode().strip()
    match = m.expect(r"SWIFTBOOT-INITRDS([^\r\n]*)\r*\n", 30)
    return name, cmdline, match.group(1).decode().split()


def test_broken_kernel_error_then_good_entry_boots(machine, kexec_disk):
    m = machine(disks=[kexec_disk], append="swiftboot.timeout=-1")
    m.expect("Good kernel entry", timeout=120)
    m.send_keys("enter")   # the default: the broken kernel
    # On screen (the status line is cut at 80 columns: "… can load (ENOEX~").
    m.expect(r"/dev/nvme0n1p1:/boot/broken is not a kernel the running kernel can load \(ENOEX", timeout=60)
    m.send_keys("down", "enter")
    name, cmdline, initrds = target_report(m, 120)
    assert name == "menu-good"
    assert cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 which=good initrd=/boot/good.img"
    assert initrds == ["menu-good"]


def test_kernel_parameter_selects_segments_and_reset_devices(machine, kexec_disk):
    m = machine(disks=[kexec_disk], append="swiftboot.timeout=0 swiftboot.default=good "
                                           "swiftboot.kexec=segments swiftboot.reset_devices")
    m.expect(r"kexec: booting .Good kernel entry. \(kexec_load\)", timeout=120)
    m.expect(r"hand-off 6/6: reboot", timeout=60)
    name, cmdline, initrds = target_report(m, 120)
    assert name == "menu-good"
    assert cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 which=good initrd=/boot/good.img reset_devices"
    assert initrds == ["menu-good"]
