"""Disk writes made when an entry is booted, checked on the disk image afterwards:
GRUB's one-shot `next_entry` cleared in grubenv (rewritten in place on the block device
under a read-only ext4 mount) and a BLS boot counter decremented (rename on vfat)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from diskimage import ESP, LINUX_DATA, Filesystem, Partition

GRUB_CFG = """\
set timeout=1
load_env
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   save_env next_entry
else
   set default="0"
fi
menuentry 'Writes GRUB first' --id first {
    linux /boot/vmlinuz console=ttyS0
    initrd /boot/first.img
}
menuentry 'Writes GRUB once' --id once {
    linux /boot/vmlinuz console=ttyS0
    initrd /boot/once.img
}
"""

BLS_ENTRY = """\
title Writes BLS counted
linux /vmlinuz
initrd /counted.img
options console=ttyS0
"""


def grubenv(lines: str) -> str:
    text = "# GRUB Environment Block\n" + lines
    return text + "#" * (1024 - len(text.encode()))


def partition(image: Path, number: int, out: Path) -> Path:
    """Copies partition `number` of a GPT disk image into `out`."""
    table = json.loads(subprocess.run(["sfdisk", "-J", str(image)], check=True,
                                      capture_output=True, text=True).stdout)["partitiontable"]
    part = table["partitions"][number - 1]
    subprocess.run(["dd", f"if={image}", f"of={out}", "bs=512", f"skip={part['start']}",
                    f"count={part['size']}", "status=none"], check=True)
    return out


def make_writes_disk(target, disk, grub_fs: str) -> Path:
    first, once, counted = target("first"), target("once"), target("counted")
    return disk(f"writes-{grub_fs}.img", [
        Partition(Filesystem(grub_fs, {
            "/boot/grub/grub.cfg": GRUB_CFG,
            "/boot/grub/grubenv": grubenv("saved_entry=first\nnext_entry=once\n"),
            "/boot/vmlinuz": first.kernel,
            "/boot/first.img": first.initrds[0],
            "/boot/once.img": once.initrds[0],
        }, size_mib=48, label="WRITES-GRUB"), type=LINUX_DATA),
        Partition(Filesystem("vfat", {
            "/loader/entries/counted+3.conf": BLS_ENTRY,
            "/vmlinuz": counted.kernel,
            "/counted.img": counted.initrds[0],
        }, size_mib=32, label="WRITES-BLS"), type=ESP),
    ])


@pytest.fixture
def writes_disk(target, disk):
    return make_writes_disk(target, disk, "ext4")


def mtools(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True,
                          env=dict(os.environ, MTOOLS_SKIP_CHECK="1")).stdout


def test_grub_next_entry_is_booted_once_and_cleared(machine, writes_disk, tmp_path):
    m = machine(disks=[writes_disk])
    report = m.wait_target()
    assert report.name == "once"
    part = partition(writes_disk, 1, tmp_path / "grub.img")
    env = subprocess.run(["debugfs", "-R", "cat /boot/grub/grubenv", str(part)],
                         check=True, capture_output=True, text=True).stdout
    assert env == grubenv("saved_entry=first\nnext_entry=\n")
    fsck = subprocess.run(["e2fsck", "-fn", str(part)], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout


def test_grubenv_on_vfat_is_rewritten_in_place(machine, target, disk, tmp_path):
    image = make_writes_disk(target, disk, "vfat")
    m = machine(disks=[image])
    report = m.wait_target()
    assert report.name == "once"
    part = partition(image, 1, tmp_path / "grub.img")
    assert mtools("mtype", "-i", str(part), "::/boot/grub/grubenv") == grubenv("saved_entry=first\nnext_entry=\n")


def test_bls_boot_counter_is_decremented(machine, writes_disk, tmp_path):
    m = machine(disks=[writes_disk], append="swiftboot.timeout=0 swiftboot.default=Writes?BLS?counted")
    report = m.wait_target()
    assert report.name == "counted"
    part = partition(writes_disk, 2, tmp_path / "esp.img")
    listing = mtools("mdir", "-b", "-i", str(part), "::/loader/entries")
    assert [Path(line.strip()).name for line in listing.split()] == ["counted+2-1.conf"]
