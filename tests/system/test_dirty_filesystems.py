"""Disks provably untouched: a filesystem left dirty by a crash (ext4 journal needing
recovery, xfs dirty log, btrfs log tree, vfat dirty bit) is booted from through
swiftboot's menu and the disk image is byte-identical afterwards.

The dirty state is made for real: a first QEMU boot of the payload kernel with
build/initramfs.img plus a small cpio whose /init (busybox sh) mounts the disk
read-write, writes files with fsync and resets the machine through sysrq."""
from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

import pexpect
import pytest

from conftest import BUILD, Machine
from diskimage import Filesystem, make_whole_disk

BLS_ENTRY = """\
title Dirty {fs}
linux /vmlinuz
initrd /dirty.img
options console=ttyS0
"""

# /init of the crashing machine: load the disk driver and the filesystem, mount the
# whole disk read-write, write and fsync files, then reset without unmounting.
CRASH_INIT = """\
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /mnt
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
modprobe nvme
# What busybox's modprobe does not load by itself: the checksums ext4, xfs and btrfs
# want (soft dependencies) and the character sets vfat mounts with.
for m in crc32c_generic crc32c-intel xxhash_generic blake2b_generic nls_cp437 nls_ascii nls_utf8 nls_iso8859-1; do modprobe $m; done
modprobe {module}
i=0
while [ ! -b /dev/nvme0n1 ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
mount -t {fs} -o rw /dev/nvme0n1 /mnt || {{ echo DIRTYFS-MOUNT-FAILED; poweroff -f; }}
echo 1 > /proc/sys/kernel/sysrq
i=0
while [ $i -lt 12 ]; do
    dd if=/dev/urandom of=/mnt/crash-$i bs=4k count=8 conv=fsync 2>/dev/null
    i=$((i+1))
done
echo DIRTYFS-CRASHING
echo b > /proc/sysrq-trigger
sleep 10
"""

SIZES = {"ext4": 64, "vfat": 64, "btrfs": 128, "xfs": 300}
MODULES = {"ext4": "ext4", "vfat": "vfat", "btrfs": "btrfs", "xfs": "xfs"}


def crash_initramfs(fs: str, out: Path) -> Path:
    """build/initramfs.img followed by a cpio whose /init dirties a `fs` filesystem."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "bin").mkdir()
        subprocess.run(["cp", "/bin/busybox", str(root / "bin" / "busybox")], check=True)
        init = root / "init"
        init.write_text(CRASH_INIT.format(fs=fs, module=MODULES[fs]))
        init.chmod(0o755)
        listing = subprocess.run(["find", ".", "-mindepth", "1"], cwd=root, check=True,
                                 capture_output=True, text=True).stdout
        archive = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], cwd=root, input=listing.encode(),
                                 check=True, capture_output=True).stdout
    out.write_bytes((BUILD / "initramfs.img").read_bytes() + subprocess.run(
        ["gzip", "-c"], input=archive, check=True, capture_output=True).stdout)
    return out


def is_dirty(fs: str, image: Path) -> tuple[bool, str]:
    """Whether `image` holds the crash's dirty state, with the tool's words."""
    if fs == "ext4":
        out = subprocess.run(["dumpe2fs", "-h", str(image)], capture_output=True, text=True).stdout
        features = next((line for line in out.splitlines() if line.startswith("Filesystem features:")), "")
        return "needs_recovery" in features.split(), features
    if fs == "btrfs":
        out = subprocess.run(["btrfs", "inspect-internal", "dump-super", str(image)],
                             capture_output=True, text=True).stdout
        line = next((line for line in out.splitlines() if line.split()[:1] == ["log_root"]), "")
        return line.split()[-1:] not in (["0"], []), line
    if fs == "xfs":
        # xfs_repair -n (no writes) reports "valuable metadata changes in a log which is
        # being ignored" when the log needs recovery.
        check = subprocess.run(["xfs_repair", "-n", str(image)], capture_output=True, text=True)
        text = check.stdout + check.stderr
        return "in a log which" in text, text[-400:]
    if fs == "vfat":
        check = subprocess.run(["fsck.fat", "-n", str(image)], capture_output=True, text=True)
        text = check.stdout + check.stderr
        return "Dirty bit is set" in text, text
    raise ValueError(fs)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@pytest.mark.parametrize("fs", ["ext4", "xfs", "btrfs", "vfat"])
def test_dirty_filesystem_is_left_byte_identical(fs, machine, target, tmp_path):
    dirty = target(f"dirty-{fs}")
    image = make_whole_disk(tmp_path / f"dirty-{fs}.img", Filesystem(fs, {
        "/loader/entries/dirty.conf": BLS_ENTRY.format(fs=fs),
        "/vmlinuz": dirty.kernel,
        "/dirty.img": dirty.initrds[0],
    }, size_mib=SIZES[fs], label="DIRTY"))
    crasher = machine(disks=[image], initrd=crash_initramfs(fs, tmp_path / "crash.img"),
                      append="panic=-1", name="crash")
    crasher.expect("DIRTYFS-CRASHING")
    crasher.child.expect(pexpect.EOF, timeout=crasher.remaining())
    dirty_now, words = is_dirty(fs, image)
    assert dirty_now, f"the crash left no dirty {fs} state: {words}"
    before = sha256(image)
    m = machine(disks=[image], append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == f"dirty-{fs}"
    assert sha256(image) == before, f"swiftboot changed the dirty {fs} disk"
    assert is_dirty(fs, image)[0]
