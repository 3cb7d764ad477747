"""The walking skeleton end to end: one disk with a GRUB, an extlinux and a BLS
partition, each with the real kernel and a marker initrd; swiftboot as PID 1 finds
them, shows the menu on the serial console and kexecs the chosen one."""
from __future__ import annotations

import pytest

from diskimage import ESP, LINUX_DATA, Filesystem, Partition

GRUB_CFG = """\
set timeout=2
set default=0
menuentry 'Skeleton GRUB first' --id skeleton-first {
    linux /boot/vmlinuz console=ttyS0 skeleton=grub-first
    initrd /boot/grub-first.img
}
menuentry 'Skeleton GRUB second' --id skeleton-second {
    linux /boot/vmlinuz console=ttyS0 skeleton=grub-second
    initrd /boot/grub-second.img /boot/extra.img
}
"""

EXTLINUX_CONF = """\
DEFAULT skeleton
TIMEOUT 20
LABEL skeleton
    MENU LABEL Skeleton extlinux
    LINUX /boot/vmlinuz
    INITRD /boot/extlinux.img
    APPEND console=ttyS0 skeleton=extlinux
"""

BLS_ENTRY = """\
title Skeleton BLS
linux /vmlinuz
initrd /bls.img
options console=ttyS0 skeleton=bls
"""


@pytest.fixture
def skeleton_disk(target, disk):
    grub_first = target("grub-first")
    grub_second = target("grub-second", extra_initrds=("extra",))
    extlinux = target("extlinux")
    bls = target("bls")
    kernel = grub_first.kernel
    return disk("skeleton.img", [
        Partition(Filesystem("ext4", {
            "/boot/grub/grub.cfg": GRUB_CFG,
            "/boot/vmlinuz": kernel,
            "/boot/grub-first.img": grub_first.initrds[0],
            "/boot/grub-second.img": grub_second.initrds[0],
            "/boot/extra.img": grub_second.initrds[1],
        }, size_mib=48, label="SKEL-GRUB", uuid="5b3c1f64-4f4c-4d0e-9a43-000000000001"),
            type=LINUX_DATA, name="grub"),
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": kernel,
            "/boot/extlinux.img": extlinux.initrds[0],
        }, size_mib=32, label="SKEL-EXT", uuid="5b3c1f64-4f4c-4d0e-9a43-000000000002"),
            type=LINUX_DATA, name="extlinux"),
        Partition(Filesystem("vfat", {
            "/loader/entries/skeleton.conf": BLS_ENTRY,
            "/vmlinuz": kernel,
            "/bls.img": bls.initrds[0],
        }, size_mib=32, label="SKEL-BLS", uuid="5B3C0003"),
            type=ESP, name="bls"),
    ])


def test_default_entry_boots_after_countdown(machine, skeleton_disk):
    m = machine(disks=[skeleton_disk])
    m.expect("Skeleton GRUB second")  # the menu is drawn with the entries
    report = m.wait_target()
    assert report.name == "grub-first"
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 skeleton=grub-first"
    assert report.initrds == ["grub-first"]


def test_down_enter_boots_second_entry(machine, skeleton_disk):
    m = machine(disks=[skeleton_disk])
    m.expect("Skeleton GRUB second")
    m.send_keys("down", "enter")
    report = m.wait_target()
    assert report.name == "grub-second"
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 skeleton=grub-second"
    assert report.initrds == ["extra", "grub-second"]


@pytest.mark.parametrize("title, name, cmdline", [
    # syslinux passes INITRD to the kernel as an initrd= word after APPEND.
    ("Skeleton extlinux", "extlinux",
     "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 skeleton=extlinux initrd=/boot/extlinux.img"),
    ("Skeleton BLS", "bls", "console=ttyS0 skeleton=bls"),
], ids=["extlinux", "bls"])
def test_default_glob_boots_at_once(machine, skeleton_disk, title, name, cmdline):
    m = machine(disks=[skeleton_disk], append=f"swiftboot.timeout=0 swiftboot.default={title.replace(' ', '?')}")
    report = m.wait_target()
    assert report.name == name
    assert report.cmdline == cmdline
    assert report.initrds == [name]


@pytest.mark.parametrize("bus", ["virtio", "scsi"])
def test_disk_whose_driver_is_a_module_in_the_initramfs(machine, skeleton_disk, bus):
    # virtio_blk / virtio_scsi + sd_mod and vfat are modules of the cloud kernel: they
    # must come from the initramfs and be loaded by PID 1's coldplug.
    m = machine(disks=[skeleton_disk], disk_bus=bus,
                append="swiftboot.timeout=0 swiftboot.default=Skeleton?BLS")
    report = m.wait_target()
    assert report.name == "bls"
    assert report.initrds == ["bls"]
