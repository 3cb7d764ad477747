"""Failing disks: the menu is built from what can be read, and says what could not.

QEMU's blkdebug driver makes reads fail with EIO, as a dying disk does:
- a disk whose every read fails (it cannot even be probed);
- a disk whose filesystem mounts but whose grub.cfg lies on a bad sector: the error
  names the file, and the extlinux.conf of the same filesystem still gives its entry;
- on that filesystem, a kernel whose first sector is bad: booting it reports the
  file, and the menu still boots a good entry.
A healthy disk is beside them all along.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

HEALTHY_EXTLINUX = """\
TIMEOUT 50
LABEL healthy
    MENU LABEL Healthy disk
    LINUX /vmlinuz
    INITRD /target.img
    APPEND console=ttyS0 disk=healthy
"""

# A marker that appears once in the image, so its sector can be found; padded beyond a
# block so that the file has a data block of its own.
GRUB_CFG = "# BAD-SECTOR-GRUB-CFG\n" + "# padding\n" * 600 + """\
menuentry 'From the unreadable grub.cfg' {
    linux /vmlinuz console=ttyS0
}
"""

PARTLY_EXTLINUX = """\
TIMEOUT 50
LABEL partly
    MENU LABEL Partly readable disk
    LINUX /vmlinuz
    INITRD /target.img
    APPEND console=ttyS0 disk=partly
LABEL badkernel
    MENU LABEL Kernel on a bad sector
    LINUX /vmlinuz-bad
    INITRD /target.img
    APPEND console=ttyS0 disk=badkernel
"""


def sector_of(image: Path, marker: bytes) -> int:
    data = image.read_bytes()
    offset = data.find(marker)
    assert offset >= 0 and data.find(marker, offset + 1) < 0, f"{marker!r} not found once in {image}"
    return offset // 512


def blkdebug_drive(image: Path, rules: Path, sectors: list[int] | None, index: int) -> list[str]:
    """QEMU arguments for an NVMe disk whose reads fail with EIO: at `sectors`, or all."""
    text = ""
    for s in sectors if sectors is not None else [None]:
        text += '[inject-error]\nevent = "read_aio"\nerrno = "5"\nonce = "off"\n'
        if s is not None:
            text += f'sector = "{s}"\n'
    rules.write_text(text)
    drive = f"bad{index}"
    return ["-drive", f"file=blkdebug:{rules}:{image},if=none,id={drive},format=raw,snapshot=on",
            "-device", f"nvme,drive={drive},serial=failing{index}"]


@pytest.fixture
def disks(target, disk, tmp_path):
    healthy = target("healthy")
    partly = target("partly")
    good = disk("healthy-disk.img", [Partition(Filesystem("ext4", {
        "/extlinux/extlinux.conf": HEALTHY_EXTLINUX, "/vmlinuz": healthy.kernel,
        "/target.img": healthy.initrds[0]}, size_mib=32, label="HEALTHY"), type=LINUX_DATA)])
    kernel = healthy.kernel.read_bytes()
    bad_kernel = tmp_path / "vmlinuz-bad"
    # The same kernel with a marker in its first sector (the boot sector stub, unused).
    bad_kernel.write_bytes(kernel[:0x40] + b"BAD-SECTOR-KERNEL" + kernel[0x40 + 17:])
    partly_image = disk("partly-disk.img", [Partition(Filesystem("ext4", {
        "/boot/grub/grub.cfg": GRUB_CFG, "/extlinux/extlinux.conf": PARTLY_EXTLINUX,
        "/vmlinuz": partly.kernel, "/vmlinuz-bad": bad_kernel,
        "/target.img": partly.initrds[0]}, size_mib=48, label="PARTLY"), type=LINUX_DATA)])
    dead_image = disk("dead-disk.img", [Partition(Filesystem("ext4", {
        "/extlinux/extlinux.conf": HEALTHY_EXTLINUX.replace("Healthy", "Dead"), "/vmlinuz": "k"},
        size_mib=16, label="DEAD"), type=LINUX_DATA)])
    qemu_args = blkdebug_drive(dead_image, tmp_path / "dead.rules", None, 1)
    bad_sectors = [sector_of(partly_image, b"BAD-SECTOR-GRUB-CFG"), sector_of(partly_image, b"BAD-SECTOR-KERNEL")]
    qemu_args += blkdebug_drive(partly_image, tmp_path / "partly.rules", bad_sectors, 2)
    return good, qemu_args


def test_failing_disks_leave_the_rest_of_the_menu(machine, disks):
    good, qemu_args = disks
    m = machine(disks=[good], qemu_args=qemu_args, append="swiftboot.timeout=-1")
    # Every readable entry is listed; the unreadable config is counted on the status line.
    m.expect("Healthy disk", timeout=90)
    m.expect("Partly readable disk", timeout=30)
    m.expect("Kernel on a bad sector", timeout=30)
    m.expect(r"1 config error: press l for the log", timeout=30)
    # The log names the device, the file and the cause.
    m.send_keys("l")
    # (The log screen wraps at 80 columns.)
    m.expect(r"error: config: /dev/nvme2n1p1:/boot/grub/grub\.cfg: grub\.cfg:", timeout=30)
    m.expect(r"/boot/grub/grub\.cfg: Input/output error", timeout=10)
    m.send_keys("l")
    m.expect("Partly readable disk", timeout=30)
    # Boot the kernel on the bad sector: the error names the file, the menu stays.
    for _ in range(10):
        m.send_keys("up", delay=0.05)
    # Rows: Healthy disk, then the partly readable disk's two entries (dead disk: none).
    m.send_keys("down", "down", "enter")
    m.expect(r"vmlinuz-bad", timeout=30)
    m.send_keys("up", "enter")
    report = m.wait_target()
    assert report.cmdline == "BOOT_IMAGE=/vmlinuz console=ttyS0 disk=partly initrd=/target.img"
