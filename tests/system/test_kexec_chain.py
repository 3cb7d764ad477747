"""Repeated kexec: the payload kexecs its own kernel and initramfs ten times in a row
(`swiftboot.chain=10`), and every generation checks its initramfs against the content
digest built into the image before going on — the class of bug where initrds arrive
corrupted after the 2nd or 3rd kexec. Generation 0 shows the menu as usual."""
from __future__ import annotations

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

CHAIN_CONF = """\
DEFAULT swiftboot-chain
TIMEOUT 0
LABEL swiftboot-chain
    MENU LABEL swiftboot-chain
    LINUX /boot/vmlinuz
    INITRD /boot/initramfs.img
    APPEND console=ttyS0 panic=-1 swiftboot.timeout=-1 {extra}
"""


@pytest.fixture
def chain_disk(built, disk):
    def make(extra: str = "") -> object:
        return disk("chain.img", [
            Partition(Filesystem("ext4", {
                "/boot/extlinux/extlinux.conf": CHAIN_CONF.format(extra=extra),
                "/boot/vmlinuz": built / "vmlinuz",
                "/boot/initramfs.img": built / "initramfs.img",
            }, size_mib=64, label="CHAIN"), type=LINUX_DATA, name="chain"),
        ])
    return make


@pytest.mark.parametrize("method", ["file", "segments"])
def test_ten_kexecs_in_a_row_keep_the_initramfs_intact(machine, chain_disk, method):
    extra = "swiftboot.kexec=segments" if method == "segments" else ""
    m = machine(disks=[chain_disk(extra)], append=f"swiftboot.chain=10 {extra}")
    for generation in range(10, -1, -1):
        m.expect(f"chain generation {generation}: initramfs digest ok", timeout=120)
        if generation > 0:
            m.expect(f"chain generation {generation}: next generation loaded \\(swiftboot.chain={generation - 1}\\)", timeout=60)
            m.expect("hand-off 6/6: reboot", timeout=60)
    m.expect("chain: last generation reached", timeout=60)
    m.expect("swiftboot-chain", timeout=120)  # the menu is drawn
