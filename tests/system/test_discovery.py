"""Discovery in a real boot: drivers loaded by modalias (virtio-pci → virtio-blk,
virtio-scsi → sr_mod), filesystem modules loaded before mounting (vfat with its code
pages, btrfs, isofs), partitioned and whole-disk filesystems and a CD-ROM all mounted
read-only and their entries in the menu."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from diskimage import ESP, LINUX_DATA, Filesystem, Partition, make_iso, write_tree

EXTLINUX = """\
DEFAULT {label}
TIMEOUT 600
LABEL {label}
    MENU LABEL {title}
    LINUX /boot/vmlinuz
"""

BLS_ENTRY = "title Discovery BLS on vfat\nlinux /vmlinuz\noptions quiet\n"


@pytest.fixture
def partitioned_disk(disk):
    return disk("partitioned.img", [
        Partition(Filesystem("vfat", {"/loader/entries/d.conf": BLS_ENTRY, "/vmlinuz": "k"},
                             size_mib=33, label="DISC-ESP"), type=ESP),
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX.format(label="ext", title="Discovery ext4 partition"),
            "/boot/vmlinuz": "k",
        }, size_mib=32, label="DISC-EXT"), type=LINUX_DATA),
    ])


@pytest.fixture
def btrfs_disk(tmp_path):
    assert shutil.which("mkfs.btrfs"), "mkfs.btrfs missing (scripts/setup installs btrfs-progs)"
    stage = tmp_path / "btrfs-root"
    write_tree(stage, {
        "/boot/extlinux/extlinux.conf": EXTLINUX.format(label="btr", title="Discovery btrfs whole disk"),
        "/boot/vmlinuz": "k",
    })
    image = tmp_path / "btrfs.img"
    with open(image, "wb") as f:
        f.truncate(128 * 1024 * 1024)
    subprocess.run(["mkfs.btrfs", "-q", "-L", "DISC-BTR", "--rootdir", str(stage), str(image)], check=True)
    return image


@pytest.fixture
def cdrom(tmp_path):
    return make_iso(tmp_path / "cd.iso", {
        "/isolinux/isolinux.cfg": EXTLINUX.format(label="cd", title="Discovery ISO 9660 CD-ROM"),
        "/boot/vmlinuz": "k",
    }, label="DISC-CD")


def test_virtio_disks_and_cdrom_are_found(machine, partitioned_disk, btrfs_disk, cdrom):
    m = machine(disks=[partitioned_disk, btrfs_disk], disk_bus="virtio", cdroms=[cdrom],
                append="swiftboot.timeout=-1")
    found = set()
    titles = ["Discovery BLS on vfat", "Discovery ext4 partition", "Discovery btrfs whole disk",
              "Discovery ISO 9660 CD-ROM"]
    while len(found) < len(titles):
        found.add(m.expect(titles).group(0).decode())
    assert found == set(titles)
