"""Issue 13, LUKS: a LUKS2 volume (argon2id, low memory cost) written by Debian's
cryptsetup in the builder VM (scripts/builder-vm) holds an ext4 with an extlinux entry.
Over the serial console: the menu lists it as "Encrypted: <UUID>" beside a plain disk's
entry; a wrong passphrase is refused and the menu stays intact; the right one maps the
volume read-only through dm-crypt, its entry appears and boots the target. The LUKS
disk's sha256 is the same after the boot (QEMU runs without -snapshot) and the volume
key is nowhere in the serial log."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from conftest import REPO
from builderkit import run_builder, sha256
from diskimage import LINUX_DATA, Filesystem, Partition, make_disk

LUKS_UUID = "3a9c0e2b-5d4f-4b8e-9c1a-7e6d5f4c3b2a"
PASSPHRASE = "swiftboot-luks-pass"

LUKS_EXTLINUX = """\
DEFAULT luks
TIMEOUT 50
LABEL luks
    MENU LABEL LUKS s^ystem entry
    LINUX /boot/vmlinuz
    INITRD /boot/initrd.img
    APPEND console=ttyS0 from=luks
"""

PLAIN_EXTLINUX = """\
DEFAULT plain
LABEL plain
    MENU LABEL Plain disk entry
    LINUX /boot/vmlinuz
    INITRD /boot/initrd.img
    APPEND console=ttyS0 from=plain
"""

BUILD_JOB = f"""\
printf %s '{PASSPHRASE}' | cryptsetup luksFormat --batch-mode --key-file - --type luks2 \\
    --pbkdf argon2id --pbkdf-memory 32768 --pbkdf-force-iterations 4 --pbkdf-parallel 1 \\
    --uuid {LUKS_UUID} /dev/vda
printf %s '{PASSPHRASE}' | cryptsetup open --key-file - /dev/vda vault
dd if=/dev/vdb of=/dev/mapper/vault bs=1M conv=fsync
cryptsetup close vault
printf %s '{PASSPHRASE}' | cryptsetup luksDump --dump-volume-key --batch-mode --key-file - /dev/vda
cryptsetup luksDump /dev/vda
"""



@pytest.fixture(scope="module")
def luks_disk(tmp_path_factory, built) -> tuple[Path, str]:
    """The LUKS2 disk (the whole disk is the volume), written once per module in the
    builder VM, and its volume key in hex as cryptsetup dumped it."""
    work = tmp_path_factory.mktemp("luks")
    initrd = work / "luks.img"
    subprocess.run([str(REPO / "tests" / "targets" / "make-initrd"), str(initrd), "luks", "--target", "luks"],
                   check=True)
    fs = work / "fs.img"
    Filesystem("ext4", {
        "/boot/extlinux/extlinux.conf": LUKS_EXTLINUX,
        "/boot/vmlinuz": built / "vmlinuz",
        "/boot/initrd.img": initrd,
    }, size_mib=40, label="LUKSROOT").build(fs)
    disk = work / "luks-disk.img"
    with open(disk, "wb") as f:
        f.truncate(64 << 20)
    console = run_builder(work, BUILD_JOB, [disk, fs])
    assert "PBKDF:      argon2id" in console
    dump = re.search(r"MK dump:\s*((?:[0-9a-f]{2}\s+)+)", console)
    return disk, "".join(dump.group(1).split())


def test_luks2_volume_unlocks_from_the_menu_and_boots(machine, target, luks_disk, tmp_path):
    source, key_hex = luks_disk
    disk = tmp_path / "luks-disk.img"
    shutil.copyfile(source, disk)
    plain_target = target("plain")
    plain = make_disk(tmp_path / "plain.img", [Partition(Filesystem("ext4", {
        "/boot/extlinux/extlinux.conf": PLAIN_EXTLINUX,
        "/boot/vmlinuz": plain_target.kernel,
        "/boot/initrd.img": plain_target.initrds[0],
    }, size_mib=32, label="PLAIN"), type=LINUX_DATA, name="plain")])
    before = sha256(disk)

    m = machine(disks=[plain, disk], append="swiftboot.timeout=-1")
    m.expect("Encrypted: " + LUKS_UUID)
    m.send_keys("end", "enter")
    m.expect("Unlock Encrypted: " + LUKS_UUID)
    m.send_keys("not-the-passphrase")
    started = time.monotonic()
    m.send_keys("enter", delay=0)
    m.expect("Wrong passphrase", timeout=90)
    print(f"test_luks: wrong passphrase refused after {time.monotonic() - started:.1f} s (argon2id 32 MiB, TCG)")
    # The menu behind the prompt is intact: the plain disk's entry and the locked row.
    m.send_keys("esc")
    m.expect("stays locked")
    m.send_keys("\x0c")  # Ctrl-L: the whole screen drawn again
    m.expect("Plain disk entry")
    m.expect("Encrypted: " + LUKS_UUID)
    time.sleep(2)
    m.send_keys("end", "enter")
    m.expect("Unlock Encrypted: " + LUKS_UUID)
    m.send_keys(PASSPHRASE)
    started = time.monotonic()
    m.send_keys("enter", delay=0)
    m.expect("LUKS system entry", timeout=90)
    print(f"test_luks: unlocked, mapped and rescanned after {time.monotonic() - started:.1f} s")
    # The menu process's log screen holds the refusal (its lines do not reach the serial
    # console while ncurses owns it); the log opens at its end, PgUp goes back.
    m.send_keys("l")
    for _ in range(8):
        try:
            m.expect(r"luks: /dev/\S+: wrong passphrase; next try in 1 s", timeout=3)
            break
        except pexpect.TIMEOUT:
            m.send_keys("pgup")
    else:
        pytest.fail("the wrong passphrase is not in the menu's log screen")
    m.send_keys("esc")
    m.send_keys("y")
    report = m.wait_target()
    assert report.name == "luks"
    assert "from=luks" in report.cmdline
    # PID 1's lines (the menu process's own go to /dev/kmsg and its log screen, not to
    # the serial console under ncurses): the kernel came from the mapping, which the
    # hand-off removed.
    log = m.log_path.read_text(errors="replace")
    assert re.search(r"kexec: booting 'LUKS system entry' \(\S+\): kernel=/dev/dm-\d+:/boot/vmlinuz", log), m.tail()
    assert re.search(r"dm: luks-" + LUKS_UUID + r" \(/dev/dm-\d+\) removed", log), m.tail()
    assert key_hex.lower() not in log.lower()
    assert sha256(disk) == before
