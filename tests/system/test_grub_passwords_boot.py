"""GRUB's passwords and swiftboot's policy on a real boot: a Debian-style grub.cfg with
`superusers` and `password_pbkdf2` (the hash made by Debian's grub-mkpasswd-pbkdf2 at
test time). `e` is refused without a superuser; the restricted entry asks, refuses a
wrong password and boots with the right one; an `--unrestricted` entry boots without
asking; a policy appended to the initramfs refuses a kernel its allow-list lacks."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse"


def mkpasswd(password: str) -> str:
    tool = shutil.which("grub-mkpasswd-pbkdf2")
    if tool is None:
        pytest.fail("grub-mkpasswd-pbkdf2 is missing: scripts/setup installs grub-common")
    out = subprocess.run([tool], input=f"{password}\n{password}\n", capture_output=True, text=True, check=True).stdout
    return out.strip().split()[-1]


def grub_cfg(hash_: str) -> str:
    # What update-grub writes with a 40_custom holding the users, and 10_linux's simple
    # entry marked --unrestricted (the Debian wiki's recipe).
    return f"""\
set default=0
set timeout=5
menuentry 'Locked target' --class debian --id locked {{
	linux	/boot/vmlinuz console=ttyS0 which=locked
	initrd	/boot/locked.img
}}
menuentry 'Open target' --class debian --unrestricted --id open {{
	linux	/boot/vmlinuz console=ttyS0 which=open
	initrd	/boot/open.img
}}
set superusers="admin"
password_pbkdf2 admin {hash_}
export superusers
"""


@pytest.fixture
def locked_disk(target, disk):
    locked, open_ = target("access-locked"), target("access-open")
    image = disk("grub-passwords.img", [
        Partition(Filesystem("ext4", {
            "/boot/grub/grub.cfg": grub_cfg(mkpasswd(PASSWORD)),
            "/boot/vmlinuz": locked.kernel,
            "/boot/locked.img": locked.initrds[0],
            "/boot/open.img": open_.initrds[0],
        }, size_mib=48, label="LOCKED"), type=LINUX_DATA, name="locked"),
    ])
    return image, locked, open_


def test_restricted_entry_edit_wrong_and_right_password(machine, locked_disk):
    image, _, _ = locked_disk
    m = machine(disks=[image], append="swiftboot.timeout=-1")
    m.expect("Open target", timeout=120)
    m.send_keys("e")
    m.expect("User name:", timeout=30)
    m.send_keys("esc")
    m.expect(r"Cancelled: edit 'Locked target' needs a password\.", timeout=30)
    m.send_keys("enter")
    m.expect(r"To boot 'Locked target', log in as", timeout=30)
    m.send_keys("admin", "enter", "wrong horse", "enter")
    m.expect(r"Access denied\.", timeout=60)
    # The wait after a wrong password (1 s, then 2 s...): keys typed meanwhile are dropped.
    time.sleep(2.5)
    m.send_keys("admin", "enter", PASSWORD, "enter")
    report = m.wait_target()
    assert report.name == "access-locked"
    assert "which=locked" in report.cmdline
    # The serial log holds what was sent as well as what came back: each password once,
    # as typed; the menu never echoed it.
    log = m.log_path.read_bytes()
    assert log.count(b"wrong horse") == 1 and log.count(PASSWORD.encode()) == 1


def test_unrestricted_entry_boots_without_asking(machine, locked_disk):
    image, _, _ = locked_disk
    m = machine(disks=[image], append="swiftboot.timeout=0 swiftboot.default=open")
    report = m.wait_target()
    assert report.name == "access-open"
    assert b"User name:" not in m.log_path.read_bytes()


def test_policy_allow_list_refuses_an_unlisted_kernel(machine, locked_disk, built, tmp_path):
    image, locked, open_ = locked_disk
    policy = tmp_path / "policy"
    digests = [hashlib.sha256(Path(f).read_bytes()).hexdigest() for f in (open_.kernel, open_.initrds[0])]
    policy.write_text("".join(f"allow-sha256 = {d}\n" for d in digests))
    # The payload's initramfs with a second, uncompressed archive holding the policy
    # (the kernel unpacks concatenated archives in turn).
    extra = tmp_path / "policy.cpio"
    subprocess.run([str(built / "mkinitramfs"), "--output", str(extra), "--compress", "none", "--no-digest",
                    "--policy", str(policy)], check=True)
    initrd = tmp_path / "initramfs-policy.img"
    # An uncompressed archive after a compressed one is only recognised at a 4-byte
    # aligned offset (the kernel's unpack_to_rootfs skips the zero padding up to it).
    base = (built / "initramfs.img").read_bytes()
    initrd.write_bytes(base + b"\0" * (-len(base) % 4) + extra.read_bytes())
    # The restricted default, booted as an unrestricted one would be: the policy's check
    # comes after the password (the default needs one), so boot it by the superuser.
    m = machine(disks=[image], append="swiftboot.timeout=-1", initrd=initrd)
    m.expect("Open target", timeout=120)
    m.send_keys("enter", "admin", "enter", PASSWORD, "enter")
    m.expect(r"Refused by the boot policy: /dev/\S+:/boot/vmlinuz is not on the", timeout=60)
    m.send_keys("down", "enter")
    report = m.wait_target()
    assert report.name == "access-open"
