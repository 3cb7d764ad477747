"""Issue 4 end to end: each non-GRUB config source boots with the command line and
initrds its loader would give. One GPT disk: an extlinux label whose INITRD is a comma
list (relative to the config's directory), a BLS type 1 entry with two `initrd` and two
`options` lines and a UKI (BLS type 2, built by scripts/gen-uki with the marker initrd
and command line embedded) in /EFI/Linux on the ESP."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from diskimage import ESP, LINUX_DATA, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]

# The kernel by absolute path; the initrds relative to /boot/extlinux, the working directory.
EXTLINUX_CONF = """\
DEFAULT other
TIMEOUT 50
LABEL other
    MENU LABEL Sources extlinux other
    LINUX /boot/vmlinuz
    APPEND console=ttyS0 sources=extlinux-other
LABEL two
    MENU LABEL Sources extlinux two initrds
    LINUX /boot/vmlinuz
    INITRD a.img,b.img
    APPEND console=ttyS0 sources=extlinux-two
"""

BLS_ENTRY = """\
title Sources BLS two initrds
version 6.1.0-test
linux /vmlinuz
initrd /bls-a.img
initrd /bls-b.img
options console=ttyS0
options sources=bls quiet
"""

UKI_CMDLINE = "console=ttyS0 sources=uki"
UKI_OS_RELEASE = 'NAME="Sources"\nID=sources\nVERSION_ID=1\nPRETTY_NAME="Sources UKI"\n'


@pytest.fixture
def sources_disk(target, disk, tmp_path):
    ext = target("ext-a", extra_initrds=("ext-b",))
    bls = target("bls-a", extra_initrds=("bls-b",))
    uki = target("uki")
    os_release = tmp_path / "os-release"
    os_release.write_text(UKI_OS_RELEASE)
    uki_image = tmp_path / "sources.efi"
    subprocess.run([str(REPO / "scripts" / "gen-uki"), "--kernel", str(uki.kernel),
                    "--initrd", str(uki.initrds[0]), "--cmdline", UKI_CMDLINE,
                    "--os-release", str(os_release), "--out", str(uki_image)],
                   check=True, stdout=subprocess.DEVNULL)
    return disk("sources.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": ext.kernel,
            "/boot/extlinux/a.img": ext.initrds[0],
            "/boot/extlinux/b.img": ext.initrds[1],
        }, size_mib=32, label="SRC-EXT"), type=LINUX_DATA, name="extlinux"),
        Partition(Filesystem("vfat", {
            "/loader/entries/sources.conf": BLS_ENTRY,
            "/vmlinuz": bls.kernel,
            "/bls-a.img": bls.initrds[0],
            "/bls-b.img": bls.initrds[1],
            "/EFI/Linux/sources.efi": uki_image,
        }, size_mib=64, label="SRC-ESP"), type=ESP, name="esp"),
    ])


@pytest.mark.parametrize("title, name, cmdline, initrds", [
    # syslinux: BOOT_IMAGE=<kernel as written>, APPEND, then INITRD as one initrd= word.
    ("Sources extlinux two initrds", "ext-a",
     "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 sources=extlinux-two initrd=a.img,b.img",
     ["ext-a", "ext-b"]),
    # BLS: the options lines joined by a blank, nothing added.
    ("Sources BLS two initrds", "bls-a", "console=ttyS0 sources=bls quiet", ["bls-a", "bls-b"]),
    # UKI: the embedded .cmdline and .initrd.
    ("Sources UKI", "uki", UKI_CMDLINE, ["uki"]),
], ids=["extlinux", "bls", "uki"])
def test_entry_boots_with_its_cmdline_and_initrds(machine, sources_disk, title, name, cmdline, initrds):
    m = machine(disks=[sources_disk],
                append=f"swiftboot.timeout=0 swiftboot.default={title.replace(' ', '?')}*")
    report = m.wait_target()
    assert report.name == name
    assert report.cmdline == cmdline
    assert report.initrds == initrds
