"""RHEL-style root on LVM2 without a /boot partition: GRUB's config and the kernels are in
the root LV, which spans two PVs on two disks (a linear LV in two segments). The disks are
written by Debian's lvm2 in the builder VM (scripts/builder-vm); swiftboot reads the PVs'
metadata, activates the LV read-only through device-mapper, finds /boot/grub2/grub.cfg in
it (whose `search --fs-uuid` sets $root to GRUB's `lvm/VG-LV` name) and boots the target.
Every disk's sha256 is the same after the boot (QEMU runs without -snapshot: the disks are
written in place if anything writes)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD, REPO
from builderkit import copies, run_builder, sha256
from diskimage import Filesystem, Partition, make_disk

# GPT type "Linux LVM".
LINUX_LVM = "E6D6D379-F507-44C2-A23C-238F2A3DF928"
FS_UUID = "3c1d9e62-7a4b-4f05-8e2d-91b6a0c47f18"
KVER = "5.14.0-lvm.el9.x86_64"
VG = "sb-rhel"
# lvm2's device-mapper name and GRUB's: dashes doubled.
DM_NAME = "sb--rhel-root"

# What grub2-mkconfig writes on RHEL for a root LV holding /boot (10_linux, abridged);
# grub_root= shows the device GRUB's search gave $root.
GRUB_CFG = f"""\
set default="0"
set timeout=5
menuentry 'Red Hat Enterprise Linux (root on LVM)' --class red --class gnu-linux --class gnu --class os {{
	load_video
	insmod gzio
	insmod part_gpt
	insmod lvm
	insmod xfs
	insmod ext2
	set root='lvm/{DM_NAME}'
	if [ x$feature_platform_search_hint = xy ]; then
	  search --no-floppy --fs-uuid --set=root --hint='lvm/{DM_NAME}'  {FS_UUID}
	else
	  search --no-floppy --fs-uuid --set=root {FS_UUID}
	fi
	linux	($root)/boot/vmlinuz-{KVER} root=/dev/mapper/{DM_NAME} ro rd.lvm.lv={VG}/root console=ttyS0 grub_root=$root
	initrd	($root)/boot/initramfs-{KVER}.img
}}
"""

# The root LV: 20 MiB on the first disk's PV, extended by 20 MiB on the second's.
BUILD_JOB = f"""\
lvm pvcreate -y /dev/vda1 /dev/vdb1
lvm vgcreate -s 1M {VG} /dev/vda1 /dev/vdb1
lvm lvcreate -y -n root -L 20M {VG} /dev/vda1
lvm lvextend -y -L +20M {VG}/root /dev/vdb1
dd if=/dev/vdc of=/dev/mapper/{DM_NAME} bs=1M conv=fsync
lvm lvs -a -o lv_name,seg_start_pe,seg_size_pe,devices {VG}
dmsetup table
lvm vgchange -an {VG}
"""

# The root LV a raid1 (one leg on each PV), synced before the filesystem is copied in.
RAID1_JOB = f"""\
lvm pvcreate -y /dev/vda1 /dev/vdb1
lvm vgcreate -s 1M {VG} /dev/vda1 /dev/vdb1
lvm lvcreate -y --type raid1 -m 1 -n root -L 40M {VG} /dev/vda1 /dev/vdb1
for i in $(seq 120); do
    case "$(lvm lvs --noheadings -o sync_percent {VG}/root)" in *100.00*) break ;; esac
    sleep 1
done
lvm lvs --noheadings -o sync_percent {VG}/root
dd if=/dev/vdc of=/dev/mapper/{DM_NAME} bs=1M conv=fsync
lvm lvs -a -o lv_name,seg_start_pe,seg_size_pe,devices {VG}
lvm vgchange -an {VG}
"""



@pytest.fixture(scope="module")
def root_image(tmp_path_factory, built) -> Path:
    """The root filesystem (ext4) with /boot/grub2/grub.cfg, the kernel and the target's
    initrd, copied into the root LV by the builder VM."""
    work = tmp_path_factory.mktemp("lvm")
    initrd = work / "lvm-root.img"
    subprocess.run([str(REPO / "tests" / "targets" / "make-initrd"), str(initrd), "lvm-root",
                    "--target", "lvm-root"], check=True)
    root = work / "root.img"
    Filesystem("ext4", {
        "/boot/grub2/grub.cfg": GRUB_CFG,
        f"/boot/vmlinuz-{KVER}": BUILD / "vmlinuz",
        f"/boot/initramfs-{KVER}.img": initrd,
        "/etc/fstab": f"/dev/mapper/{DM_NAME} / ext4 defaults 0 0\n",
    }, size_mib=40, label="root", uuid=FS_UUID).build(root)
    return root


def build_vg(work: Path, root: Path, job_text: str, size_mib: int) -> tuple[list[Path], str]:
    """Two disks (GPT, one Linux LVM partition of `size_mib` each) written by lvm2 in the
    builder VM with `job_text` (the root filesystem image is its third disk, /dev/vdc);
    returns them and the VM's console."""
    disks = [make_disk(work / f"pv{n}.img", [Partition(None, type=LINUX_LVM, size_mib=size_mib)]) for n in (0, 1)]
    return disks, run_builder(work, job_text, [*disks, root])


@pytest.fixture(scope="module")
def lvm_disks(root_image, tmp_path_factory) -> list[Path]:
    """The root LV linear over the two disks' PVs."""
    disks, console = build_vg(tmp_path_factory.mktemp("lvm-linear"), root_image, BUILD_JOB, 28)
    # The LV really spans both PVs.
    assert re.search(r"root\s+0\s+20\s+/dev/vda1\(0\)", console), console[-3000:]
    assert re.search(r"root\s+20\s+20\s+/dev/vdb1\(0\)", console), console[-3000:]
    return disks


@pytest.fixture(scope="module")
def raid1_disks(root_image, tmp_path_factory) -> list[Path]:
    """The root LV a raid1 with one leg on each disk's PV."""
    disks, console = build_vg(tmp_path_factory.mktemp("lvm-raid1"), root_image, RAID1_JOB, 48)
    assert re.search(r"\[root_rimage_0\]\s+0\s+40\s+/dev/vda1", console), console[-3000:]
    assert re.search(r"\[root_rimage_1\]\s+0\s+40\s+/dev/vdb1", console), console[-3000:]
    return disks


def boot_root_lv(machine, disks: list[Path]) -> None:
    """Boots `disks`: the target must come from the root LV, named as GRUB names it, the
    LV be removed at the hand-off and no disk change."""
    before = [sha256(d) for d in disks]
    m = machine(disks=disks, append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == "lvm-root"
    assert report.cmdline.startswith(f"BOOT_IMAGE=(lvm/{DM_NAME})/boot/vmlinuz-{KVER} "), report.cmdline
    # GRUB's search found the LV's filesystem and named it as GRUB does.
    assert f"grub_root=lvm/{DM_NAME}" in report.cmdline, report.cmdline
    assert f"root=/dev/mapper/{DM_NAME}" in report.cmdline
    log = m.log_path.read_text(errors="replace")
    # The kernel was read from the LV, never from a PV.
    assert re.search(r"kernel=/dev/dm-\d+:/boot/vmlinuz-" + re.escape(KVER), log), m.tail()
    # Removed at the hand-off.
    assert re.search(rf"dm: {DM_NAME} \(/dev/dm-\d+\) removed", log), m.tail()
    assert "kexec: 1 device-mapper device(s) removed" in log
    assert [sha256(d) for d in disks] == before



def test_root_lv_over_two_disks_boots_read_only(machine, lvm_disks, tmp_path):
    boot_root_lv(machine, copies(lvm_disks, tmp_path))


def test_raid1_root_lv_with_one_disk_missing_boots_through_the_other_leg(machine, raid1_disks, tmp_path):
    # The first leg's disk is gone: the LV is read through rimage_1 on the second disk.
    boot_root_lv(machine, copies(raid1_disks[1:], tmp_path))
