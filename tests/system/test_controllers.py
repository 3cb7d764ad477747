"""Every disk controller of a server, with the stock kernel as payload: one q35 machine
with disks on AHCI (SATA), a MegaRAID SAS HBA (megasas-gen2 → megaraid_sas), virtio-blk,
virtio-scsi, NVMe, a SATA CD-ROM (plus an empty one) and USB mass storage (usb-storage
and UAS behind xHCI), holding ext4, vfat, iso9660, xfs and btrfs. Every entry is listed;
each boot picks one entry by its GRUB hotkey, so across the boots here every controller
the other tests do not boot from (SATA, SAS, SATA CD, USB, UAS) and every filesystem is
booted once (virtio-blk, virtio-scsi and NVMe are booted by test_skeleton and others).

The drivers are all modules of the stock kernel: they, their dependencies and soft
dependencies (ext4 and btrfs want crc32c) come from the initramfs, loaded by PID 1's
coldplug (one worker per device) or, for the USB disks that enumerate later, by the
menu's hotplug; the menu lists a disk as soon as its driver is there."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BUILD, REPO
from diskimage import ESP, LINUX_DATA, MBR_FAT, Filesystem, Partition, make_disk, make_iso, make_whole_disk

GRUB_CFG = """\
menuentry '{title}' --hotkey={hotkey} {{
    linux /boot/vmlinuz console=ttyS0 via={name}
    initrd /boot/initrd.img
}}
"""


@dataclass(frozen=True)
class Disk:
    """One disk of the machine: its bus, filesystem, menu title and hotkey."""

    name: str
    bus: str
    fstype: str
    hotkey: str

    @property
    def title(self) -> str:
        return f"Controllers {self.name} {self.fstype}"


DISKS = [
    Disk("sata", "sata", "ext4", "a"),
    Disk("sas", "sas", "xfs", "b"),
    Disk("virtio-blk", "virtio", "btrfs", "d"),
    Disk("virtio-scsi", "scsi", "vfat", "f"),
    Disk("nvme", "nvme", "ext4", "g"),
    Disk("sata-cd", "sata-cd", "iso9660", "j"),
    Disk("usb-storage", "usb", "vfat", "k"),
    Disk("uas", "uas", "btrfs", "m"),
]


def payload_is_stock() -> bool:
    kernel = BUILD / "kernel"
    return kernel.exists() and kernel.read_text().strip() == "stock"


pytestmark = pytest.mark.skipif(
    not payload_is_stock(), reason="the payload is not the stock kernel (scripts/build --kernel stock)")


def make_image(disk: Disk, directory: Path, kernel: Path, initrd: Path) -> Path:
    files = {
        "/boot/grub/grub.cfg": GRUB_CFG.format(title=disk.title, hotkey=disk.hotkey, name=disk.name),
        "/boot/vmlinuz": kernel,
        "/boot/initrd.img": initrd,
    }
    label = "CTL-" + disk.name.upper().replace("-", "")[:7]
    path = directory / f"{disk.name}.img"
    if disk.fstype == "iso9660":
        return make_iso(directory / f"{disk.name}.iso", files, label=label)
    if disk.fstype in ("xfs", "btrfs"):
        return make_whole_disk(path, Filesystem(disk.fstype, files, size_mib=320 if disk.fstype == "xfs" else 128,
                                                label=label))
    if disk.name == "usb-storage":
        # A USB stick: MBR, one FAT partition.
        return make_disk(path, [Partition(Filesystem("vfat", files, size_mib=40, label=label), type=MBR_FAT)],
                         table="dos")
    return make_disk(path, [Partition(Filesystem(disk.fstype, files, size_mib=40, label=label),
                                      type=ESP if disk.fstype == "vfat" else LINUX_DATA)])


@pytest.fixture(scope="module")
def controller_disks(built, tmp_path_factory) -> list[tuple[Disk, Path]]:
    directory = tmp_path_factory.mktemp("controllers")
    images = []
    for disk in DISKS:
        initrd = directory / f"{disk.name}.initrd"
        subprocess.run([str(REPO / "tests" / "targets" / "make-initrd"), str(initrd), disk.name,
                        "--target", f"ctl-{disk.name}"], check=True)
        images.append((disk, make_image(disk, directory, built / "vmlinuz", initrd)))
    return images


def boot_machine(machine, images):
    """The machine with every disk (scripts/qemu --disk-on BUS IMG), menu waiting."""
    # An empty SATA CD-ROM drive too: its drivers must not hold up the other disks.
    placed = [(disk.bus, image) for disk, image in images] + [("sata-cd", "empty")]
    # ignore_loglevel: the menu's log lines (mounts, coldplug) reach the serial console.
    return machine(append="swiftboot.timeout=-1 ignore_loglevel", disks_on=placed)


def wait_for_every_entry(m) -> None:
    titles = [disk.title for disk in DISKS]
    found = set()
    while len(found) < len(titles):
        found.add(m.expect(titles, timeout=150).group(0).decode())
    assert found == set(titles)


@pytest.mark.parametrize("name", ["sata", "sas", "sata-cd", "usb-storage", "uas"])
def test_every_controller_listed_and_one_booted(machine, controller_disks, name):
    m = boot_machine(machine, controller_disks)
    # Coldplug is over (the countdown would start now); the whole menu is drawn again.
    m.expect(r"menu: drivers loaded \((\d+) entries\)", timeout=150)
    wait_for_every_entry(m)
    disk = next(d for d in DISKS if d.name == name)
    m.send_keys(disk.hotkey, delay=1.0)
    report = m.wait_target(timeout=150)
    assert report.name == f"ctl-{name}"
    assert report.cmdline == f"BOOT_IMAGE=/boot/vmlinuz console=ttyS0 via={name}"
    assert report.initrds == [name]

    log = m.log_path.read_bytes().decode(errors="replace")
    # ext4 and btrfs were mounted after their soft dependency crc32c was loaded.
    assert "Cannot load crc32c driver" not in log
