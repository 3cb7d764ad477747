"""`swiftboot entries --json IMAGE` on the host: the image is attached to a read-only
loop device, probed with libblkid, mounted read-only under a temporary directory, read,
and everything is released again. Needs root (loop devices and mount)."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from diskimage import ESP, LINUX_DATA, Filesystem, Partition

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="loop devices and mounts need root")

GRUB_CFG = """\
set timeout=4
menuentry 'Image GRUB entry' --id image-grub {
    linux /boot/vmlinuz-6.1 root=LABEL=IMAGEROOT ro quiet
    initrd /boot/initrd.img-6.1
}
"""

EXTLINUX_CONF = """\
DEFAULT image
TIMEOUT 30
LABEL image
    MENU LABEL Image extlinux entry
    LINUX /boot/vmlinuz-6.1
    INITRD /boot/initrd.img-6.1
    APPEND root=LABEL=IMAGEROOT ro
"""


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def loop_devices() -> str:
    return subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout


def entries(built: Path, image: Path) -> dict:
    result = subprocess.run([str(built / "swiftboot"), "entries", "--json", str(image)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def ext4_image(tmp_path) -> Path:
    """A bare ext4 filesystem image (no partition table) made with mkfs.ext4 -d."""
    stage = tmp_path / "root"
    write_tree(stage, {
        "/boot/grub/grub.cfg": GRUB_CFG,
        "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
        "/boot/vmlinuz-6.1": "kernel",
        "/boot/initrd.img-6.1": "initrd",
    })
    image = tmp_path / "image.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", "-L", "IMAGEROOT", "-d", str(stage), str(image), "32M"],
                   check=True)
    return image


def test_entries_of_a_filesystem_image(built, ext4_image):
    before = loop_devices()
    report = entries(built, ext4_image)
    titles = [e["title"] for e in report["entries"]]
    assert "Image GRUB entry" in titles
    assert "Image extlinux entry" in titles
    grub = next(e for e in report["entries"] if e["title"] == "Image GRUB entry")
    assert grub["fs"] == str(ext4_image)
    assert grub["kernel"] == "/boot/vmlinuz-6.1"
    assert grub["initrds"] == ["/boot/initrd.img-6.1"]
    assert grub["cmdline"] == "BOOT_IMAGE=/boot/vmlinuz-6.1 root=LABEL=IMAGEROOT ro quiet"
    # Nothing left attached or mounted.
    assert loop_devices() == before
    assert str(ext4_image) not in Path("/proc/self/mounts").read_text()


def test_entries_of_a_partitioned_disk_image(built, disk):
    image = disk("partitioned.img", [
        Partition(Filesystem("vfat", {"/EFI/BOOT/README": "esp"}, size_mib=33, label="ESP"), type=ESP),
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz-6.1": "kernel",
            "/boot/initrd.img-6.1": "initrd",
        }, label="IMAGEROOT"), type=LINUX_DATA),
    ])
    before = loop_devices()
    report = entries(built, image)
    assert [e["title"] for e in report["entries"]] == ["Image extlinux entry"]
    assert report["entries"][0]["fs"] == str(image)
    assert loop_devices() == before


def test_image_is_not_modified(built, ext4_image):
    digest = subprocess.run(["sha256sum", str(ext4_image)], capture_output=True, text=True).stdout
    entries(built, ext4_image)
    assert subprocess.run(["sha256sum", str(ext4_image)], capture_output=True, text=True).stdout == digest
