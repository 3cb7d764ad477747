"""Demo disks: a few test "operating systems" (marker initrds on the real payload
kernel) in GRUB, BLS and extlinux configurations, as a person would find them.

    python3 tests/targets/demo_disks.py OUTDIR     → prints the disk image paths
Used by scripts/demo and scripts/bench.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from diskimage import ESP, LINUX_DATA, MBR_LINUX, Filesystem, Partition, make_disk  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

DEBIAN_GRUB = """\
set default=0
set timeout=10
menuentry 'Debian GNU/Linux' --class debian --id gnulinux-simple-demo {
    search --no-floppy --fs-uuid --set=root 1e5d2f7a-0c1b-4d7e-8f3a-d3b1a0000001
    echo 'Loading Linux 6.1.0-56-cloud-amd64 ...'
    linux /boot/vmlinuz-6.1.0-56-cloud-amd64 root=UUID=1e5d2f7a-0c1b-4d7e-8f3a-d3b1a0000001 ro console=ttyS0 quiet
    initrd /boot/initrd.img-6.1.0-56-cloud-amd64
}
submenu 'Advanced options for Debian GNU/Linux' --id gnulinux-advanced-demo {
    menuentry 'Debian GNU/Linux, with Linux 6.1.0-56-cloud-amd64 (recovery mode)' --id gnulinux-recovery-demo {
        linux /boot/vmlinuz-6.1.0-56-cloud-amd64 root=UUID=1e5d2f7a-0c1b-4d7e-8f3a-d3b1a0000001 ro single console=ttyS0
        initrd /boot/initrd.img-recovery
    }
}
"""

FEDORA_BLS = """\
title Fedora Linux 40 (Cloud Edition)
version 6.1.0-56-cloud-amd64
linux /fedora/vmlinuz
initrd /fedora/initramfs.img
options root=LABEL=fedora ro console=ttyS0 rhgb
"""

ALPINE_EXTLINUX = """\
DEFAULT alpine
PROMPT 0
TIMEOUT 100
MENU TITLE Alpine
LABEL alpine
    MENU LABEL Alpine (extlinux)
    LINUX /boot/vmlinuz-lts
    INITRD /boot/initramfs-lts
    APPEND root=LABEL=alpine modules=ext4 console=ttyS0
"""


def make_initrd(out: Path, marker: str, target: str | None = None) -> Path:
    args = [str(REPO / "tests" / "targets" / "make-initrd"), str(out), marker]
    if target:
        args += ["--target", target]
    subprocess.run(args, check=True)
    return out


def make_demo_disks(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    kernel = REPO / "build" / "vmlinuz"
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        debian = make_initrd(t / "debian.img", "debian", "Debian GNU/Linux")
        recovery = make_initrd(t / "recovery.img", "debian-recovery", "Debian GNU/Linux (recovery mode)")
        fedora = make_initrd(t / "fedora.img", "fedora", "Fedora Linux (BLS)")
        alpine = make_initrd(t / "alpine.img", "alpine", "Alpine (extlinux)")
        disk1 = make_disk(outdir / "disk1-gpt.img", [
            Partition(Filesystem("vfat", {
                "/loader/loader.conf": "timeout 10\n",
                "/loader/entries/fedora-40.conf": FEDORA_BLS,
                "/fedora/vmlinuz": kernel,
                "/fedora/initramfs.img": fedora,
            }, size_mib=40, label="EFI", uuid="DE110001"), type=ESP, name="EFI System"),
            Partition(Filesystem("ext4", {
                "/boot/grub/grub.cfg": DEBIAN_GRUB,
                "/boot/vmlinuz-6.1.0-56-cloud-amd64": kernel,
                "/boot/initrd.img-6.1.0-56-cloud-amd64": debian,
                "/boot/initrd.img-recovery": recovery,
                "/etc/debian_version": "12.8\n",
            }, size_mib=40, label="debian", uuid="1e5d2f7a-0c1b-4d7e-8f3a-d3b1a0000001"),
                type=LINUX_DATA, name="debian"),
        ])
        disk2 = make_disk(outdir / "disk2-mbr.img", [
            Partition(Filesystem("ext4", {
                "/boot/extlinux/extlinux.conf": ALPINE_EXTLINUX,
                "/boot/vmlinuz-lts": kernel,
                "/boot/initramfs-lts": alpine,
                "/etc/alpine-release": "3.20.3\n",
            }, size_mib=32, label="alpine", uuid="1e5d2f7a-0c1b-4d7e-8f3a-d3b1a0000002"),
                type=MBR_LINUX, bootable=True),
        ], table="dos", disk_id="0x5b3c0002")
    return [disk1, disk2]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: demo_disks.py OUTDIR")
    for path in make_demo_disks(Path(sys.argv[1])):
        print(path)
