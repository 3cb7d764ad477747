"""GRUB `fallback` end to end: the default's kernel is missing, the first fallback's
kernel is not a kernel; the countdown's boot falls back through both to the second
fallback, which boots."""
from __future__ import annotations

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

GRUB_CFG = """\
set default=0
set timeout=5
set fallback="1 good"
menuentry 'Missing kernel' --id missing {
    linux /boot/vmlinuz-missing console=ttyS0 which=missing
    initrd /boot/good.img
}
menuentry 'Not a kernel' --id bad {
    linux /boot/not-a-kernel console=ttyS0 which=bad
    initrd /boot/good.img
}
menuentry 'Never tried' --id never {
    linux /boot/vmlinuz console=ttyS0 which=never
    initrd /boot/good.img
}
menuentry 'Fallback good' --id good {
    linux /boot/vmlinuz console=ttyS0 which=good
    initrd /boot/good.img
}
"""


@pytest.fixture
def fallback_disk(target, disk, tmp_path):
    good = target("fallback-good")
    junk = tmp_path / "not-a-kernel"
    junk.write_bytes(b"this is not a Linux kernel\n" * 100)
    return disk("fallback.img", [
        Partition(Filesystem("ext4", {
            "/boot/grub/grub.cfg": GRUB_CFG,
            "/boot/vmlinuz": good.kernel,
            "/boot/not-a-kernel": junk,
            "/boot/good.img": good.initrds[0],
        }, size_mib=32, label="FALLBACK"), type=LINUX_DATA, name="fallback"),
    ])


def test_countdown_boot_falls_back_through_the_list(machine, fallback_disk):
    m = machine(disks=[fallback_disk], append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == "fallback-good"
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 which=good"
    assert report.initrds == ["fallback-good"]


def test_a_selected_entry_that_fails_does_not_fall_back(machine, fallback_disk):
    m = machine(disks=[fallback_disk], append="swiftboot.timeout=-1")
    m.expect("Missing kernel", timeout=90)
    m.send_keys("enter")
    # The error names the file; the menu stays, and the user picks another entry.
    m.expect(r"vmlinuz-missing", timeout=30)
    m.send_keys("down", "down", "enter")
    report = m.wait_target()
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 which=never"
