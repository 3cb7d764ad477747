"""/boot on md RAID1 (metadata 1.2), Debian-style: the member disks are written by
Debian's mdadm in the builder VM (scripts/builder-vm), swiftboot assembles the array
read-only, finds GRUB's config in it and boots the target; with one member disk missing
too. Every member disk's sha256 is the same after the boot (QEMU runs without
-snapshot: the disks are written in place if anything writes)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD, REPO
from builderkit import copies, run_builder, sha256
from diskimage import Filesystem, Partition, make_disk

# GPT type "Linux RAID", as Debian's partitioner sets it.
LINUX_RAID = "A19D880F-05FC-4D3B-A006-743F0F84911E"
FS_UUID = "5d7e4c1a-3b2f-4e0d-9a61-2c8b7f0e4d13"
KVER = "6.1.0-md-amd64"

# What grub-mkconfig writes on Debian for /boot on md (10_linux, abridged).
GRUB_CFG = f"""\
set default="0"
set timeout=5
menuentry 'Debian GNU/Linux (md RAID1 /boot)' --class debian --class gnu-linux --class os {{
	load_video
	insmod gzio
	insmod part_gpt
	insmod mdraid1x
	insmod ext2
	set root='mduuid/UNKNOWN'
	if [ x$feature_platform_search_hint = xy ]; then
	  search --no-floppy --fs-uuid --set=root --hint='mduuid/UNKNOWN'  {FS_UUID}
	else
	  search --no-floppy --fs-uuid --set=root {FS_UUID}
	fi
	echo	'Loading Linux {KVER} ...'
	linux	/vmlinuz-{KVER} root=UUID=0b6f1a59-md ro console=ttyS0
	echo	'Loading initial ramdisk ...'
	initrd	/initrd.img-{KVER}
}}
"""

BUILD_JOB = """\
mdadm --create /dev/md0 --run --metadata=1.2 --level=1 --raid-devices=2 --name=boot /dev/vda1 /dev/vdb1
dd if=/dev/vdc of=/dev/md0 bs=1M conv=fsync
mdadm --wait /dev/md0 || true
mdadm --detail /dev/md0
mdadm --stop /dev/md0
mdadm --examine /dev/vda1
"""



@pytest.fixture(scope="module")
def md_members(tmp_path_factory, built) -> tuple[list[Path], str]:
    """The two member disks of a RAID1 /boot (GPT, one Linux RAID partition each),
    written once per module by mdadm in the builder VM, and the array's UUID as mdadm
    prints it."""
    work = tmp_path_factory.mktemp("md")
    initrd = work / "md-raid1.img"
    subprocess.run([str(REPO / "tests" / "targets" / "make-initrd"), str(initrd), "md-raid1",
                    "--target", "md-raid1"], check=True)
    boot = work / "boot.img"
    Filesystem("ext4", {
        "/grub/grub.cfg": GRUB_CFG,
        f"/vmlinuz-{KVER}": BUILD / "vmlinuz",
        f"/initrd.img-{KVER}": initrd,
    }, size_mib=40, label="boot", uuid=FS_UUID).build(boot)
    members = [make_disk(work / f"member{n}.img", [Partition(None, type=LINUX_RAID, size_mib=48)]) for n in (0, 1)]
    console = run_builder(work, BUILD_JOB, [*members, boot])
    assert "Version : 1.2" in console
    uuid = re.search(r"Array UUID : ([0-9a-f:]+)", console).group(1)
    return members, uuid



def boot_from_array(machine, disks: list[Path], uuid: str) -> None:
    """Boots the disks; the target must come from the array's filesystem and the array
    be stopped at the hand-off."""
    m = machine(disks=disks, append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == "md-raid1"
    assert report.cmdline.startswith("BOOT_IMAGE=/vmlinuz-" + KVER)
    log = m.log_path.read_text(errors="replace")
    # The kernel and initrd were read from the array, never from a member.
    assert re.search(r"kernel=/dev/md\d+:/vmlinuz-" + re.escape(KVER), log), m.tail()
    assert re.search(r"md: /dev/md\d+ \(UUID " + re.escape(uuid) + r"\) stopped", log), m.tail()
    assert "kexec: 1 md array(s) stopped" in log


def test_boot_on_md_raid1_is_assembled_read_only(machine, md_members, tmp_path):
    members, uuid = md_members
    disks = copies(members, tmp_path)
    before = [sha256(d) for d in disks]
    boot_from_array(machine, disks, uuid)
    assert [sha256(d) for d in disks] == before


def test_boot_on_md_raid1_with_one_member_missing(machine, md_members, tmp_path):
    members, uuid = md_members
    disks = copies(members[1:], tmp_path)
    before = [sha256(d) for d in disks]
    boot_from_array(machine, disks, uuid)
    assert [sha256(d) for d in disks] == before
