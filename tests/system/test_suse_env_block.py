"""SUSE's grub2-once on btrfs, end to end: GRUB cannot rewrite a file on btrfs, so SUSE
keeps its environment block in the btrfs reserved area and names it in grubenv
(`env_block=512+1`). A one-shot `next_entry` stored there boots once, and is cleared in
that sector, and nothing else on the disk changes (the filesystem is mounted read-only).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from diskimage import write_tree

GRUB_CFG = """\
set timeout=5
if [ -f ${config_directory}/grubenv ]; then
  load_env -f ${config_directory}/grubenv
elif [ -s $prefix/grubenv ]; then
  load_env
fi
if [ "${env_block}" ] ; then
  set env_block="(${root})${env_block}"
  export env_block
  load_env -f "${env_block}"
fi
if [ "${next_entry}" ] ; then
   set default="${next_entry}"
   set next_entry=
   if [ "${env_block}" ] ; then
     save_env -f "${env_block}" next_entry
   else
     save_env next_entry
   fi
   set boot_once=true
else
   set default="${saved_entry}"
fi
menuentry 'SUSE usual' --id usual {
    linux /boot/vmlinuz console=ttyS0 which=usual
    initrd /boot/usual.img
}
menuentry 'SUSE once' --id once {
    linux /boot/vmlinuz console=ttyS0 which=once
    initrd /boot/once.img
}
"""

SECTOR = 512
ENV_SECTOR = 512  # env_block=512+1: 256 KiB in, inside the first MiB btrfs leaves alone


def env_sector(lines: str) -> bytes:
    text = ("# GRUB Environment Block\n" + lines).encode()
    return text + b"#" * (SECTOR - len(text))


def grubenv(lines: str) -> str:
    text = "# GRUB Environment Block\n" + lines
    return text + "#" * (1024 - len(text.encode()))


def test_one_shot_entry_in_the_btrfs_env_block(machine, target, tmp_path):
    assert shutil.which("mkfs.btrfs"), "mkfs.btrfs missing (scripts/setup installs btrfs-progs)"
    usual, once = target("suse-usual"), target("suse-once")
    stage = tmp_path / "btrfs-root"
    write_tree(stage, {
        "/boot/grub2/grub.cfg": GRUB_CFG,
        "/boot/grub2/grubenv": grubenv("saved_entry=usual\nenv_block=512+1\n"),
        "/boot/vmlinuz": usual.kernel,
        "/boot/usual.img": usual.initrds[0],
        "/boot/once.img": once.initrds[0],
    })
    image = tmp_path / "suse-btrfs.img"
    with open(image, "wb") as f:
        f.truncate(160 << 20)
    subprocess.run(["mkfs.btrfs", "-q", "-L", "SUSE-BTRFS", "--rootdir", str(stage), str(image)], check=True)
    with open(image, "r+b") as f:
        f.seek(ENV_SECTOR * SECTOR)
        f.write(env_sector("next_entry=once\n"))
    before = image.read_bytes()

    m = machine(disks=[image], append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == "suse-once"
    assert report.cmdline == "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 which=once"

    after = image.read_bytes()
    start, end = ENV_SECTOR * SECTOR, (ENV_SECTOR + 1) * SECTOR
    assert after[start:end] == env_sector("next_entry=\n")
    assert after[:start] == before[:start] and after[end:] == before[end:], "bytes outside the env block changed"

    # The next boot is the saved default again.
    m = machine(disks=[image], append="swiftboot.timeout=0")
    assert m.wait_target().name == "suse-usual"
