"""Debian's cloud kernel as payload still works beside the stock default: a
swiftboot initramfs built on the cloud kernel's module tree boots an NVMe disk's entry
on a BIOS machine and on a UEFI machine (segments path, so the hand-over of ACPI and
EFI is checked on this kernel too)."""
from __future__ import annotations

import pytest

from conftest import cached_payload
from diskimage import LINUX_DATA, Filesystem, Partition

EXTLINUX_CONF = """\
DEFAULT cloud
TIMEOUT 50
LABEL cloud
    MENU LABEL Target on the cloud payload
    LINUX /boot/vmlinuz
    INITRD /boot/target.img
    APPEND console=ttyS0 payload=cloud
"""


@pytest.fixture
def cloud_disk(target, disk):
    t = target("cloud-payload", efivarfs=True)
    return disk("cloud-payload-disk.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": t.kernel,
            "/boot/target.img": t.initrds[0],
        }, size_mib=48, label="CLOUD"), type=LINUX_DATA, name="cloud"),
    ])


@pytest.mark.parametrize("uefi", [False, True], ids=["bios", "uefi-segments"])
def test_cloud_payload_boots_an_entry(machine, cloud_disk, tmp_path, uefi):
    kernel, initramfs = cached_payload("cloud", tmp_path)
    append = "swiftboot.timeout=0"
    if uefi:
        append += " swiftboot.kexec=segments"
    m = machine(disks=[cloud_disk], kernel=kernel, initrd=initramfs, append=append,
                uefi_vars=tmp_path / "vars.fd" if uefi else None)
    report = m.wait_target()
    assert report.name == "cloud-payload"
    assert "payload=cloud" in report.cmdline
    if uefi:
        assert int(report.firmware["acpi"]) > 0, report.firmware
        assert report.firmware["efi"] == "yes", report.firmware
        assert report.firmware["efivars"] == "yes", report.firmware
