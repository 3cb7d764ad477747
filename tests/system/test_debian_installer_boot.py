"""Real installer media: Debian 12's debian-installer netboot tree (the package
debian-installer-12-netboot-amd64, fetched by scripts/gen-di-netboot) copied onto an
ext4 disk as it would sit on a TFTP root or a USB stick: its pxelinux.cfg/default,
nested menus and INCLUDEs, and the real installer kernel and initrd. swiftboot shows
its menu; the user edits "Install" to add a serial console (the installer's own config
has none) and boots it: the installer's kernel gets the command line syslinux would
give plus the edit, and starts the installer's initramfs."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def netboot_text() -> Path:
    images = subprocess.run([str(REPO / "scripts" / "gen-di-netboot")], check=True,
                            capture_output=True, text=True).stdout.strip()
    return Path(images) / "text"


def test_debian_installer_boots_from_its_own_menu(machine, disk, netboot_text):
    # The tree links pxelinux.cfg and pxelinux.0 into debian-installer/amd64: copied as
    # the files they point to, as a USB stick (FAT) would hold them.
    files = {}
    for directory, _, names in os.walk(netboot_text, followlinks=True):
        for name in names:
            path = Path(directory) / name
            if path.is_file():
                files["/" + str(path.relative_to(netboot_text))] = path.resolve()
    image = disk("di-netboot.img", [Partition(Filesystem("ext4", files, size_mib=96, label="DI-NETBOOT"),
                                              type=LINUX_DATA, name="di")])
    m = machine(disks=[image], append="swiftboot.timeout=-1")
    m.expect(r"\* Install", timeout=90)
    m.expect("Advanced options", timeout=10)
    # "Install" is the default and selected; add a serial console to this boot only.
    m.send_keys("e")
    m.expect(r"--- quiet", timeout=20)
    m.send_keys(" console=ttyS0 ignore_loglevel", "enter")
    m.expect(r"hand-off 6/6", timeout=120)
    match = m.expect(r"Command line: ([^\r\n]*)\r", timeout=60)
    assert match.group(1).decode().strip() == (
        "BOOT_IMAGE=debian-installer/amd64/linux vga=788 initrd=debian-installer/amd64/initrd.gz"
        " --- quiet console=ttyS0 ignore_loglevel")
    # The installer's initrd (about 40 MB) was unpacked and its init started.
    m.expect(r"Run /init as init process", timeout=120)
