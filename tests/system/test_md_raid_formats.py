"""md arrays of the other superblock formats in one boot: metadata 0.90 and 1.0 (the
superblock at the member's end, the filesystem at its start: a member must never be
mounted as if it were the filesystem) as RAID1, and 1.1 (superblock at 0) as RAID0, all
written by Debian's mdadm in the builder VM on two disks of three partitions. Each
array is assembled read-only and its extlinux entry shows in the menu; the 0.90 one is
booted; both disks' sha256 are the same after the boot."""
from __future__ import annotations

import re
import subprocess

import pytest

from conftest import BUILD, REPO
from diskimage import Filesystem, Partition, make_disk
from builderkit import copies, run_builder, sha256
from test_md_raid import LINUX_RAID

# (metadata, level, target name, menu title) per array, in partition order.
ARRAYS = [("0.90", 1, "md-meta090", "md metadata 0.90 RAID1"),
          ("1.0", 1, "md-meta10", "md metadata 1.0 RAID1"),
          ("1.1", 0, "md-meta11", "md metadata 1.1 RAID0")]

EXTLINUX = """\
DEFAULT {name}
TIMEOUT 600
LABEL {name}
    MENU LABEL {title}
    LINUX /boot/vmlinuz
    INITRD /boot/{name}.img
    APPEND console=ttyS0 md={meta}
"""


def job() -> str:
    lines = []
    for n, (meta, level, name, _) in enumerate(ARRAYS, start=1):
        lines += [f"mdadm --create /dev/md{n} --run --metadata={meta} --level={level} --raid-devices=2"
                  f" --name={name} /dev/vda{n} /dev/vdb{n}" if meta != "0.90" else
                  f"mdadm --create /dev/md{n} --run --metadata={meta} --level={level} --raid-devices=2"
                  f" /dev/vda{n} /dev/vdb{n}",
                  # The filesystem image is the third disk onwards (vdc, vdd, vde).
                  f"dd if=/dev/vd{'cde'[n - 1]} of=/dev/md{n} bs=1M conv=fsync",
                  f"mdadm --wait /dev/md{n} || true"]
    for n in range(1, len(ARRAYS) + 1):
        lines += [f"mdadm --detail /dev/md{n}", f"mdadm --stop /dev/md{n}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def format_members(tmp_path_factory, built) -> list:
    work = tmp_path_factory.mktemp("md-formats")
    filesystems = []
    for meta, level, name, title in ARRAYS:
        initrd = work / f"{name}.img"
        subprocess.run([str(REPO / "tests" / "targets" / "make-initrd"), str(initrd), name, "--target", name],
                       check=True)
        image = work / f"fs-{name}.img"
        # 20 MiB: fits a RAID1 of two 24 MiB partitions under any of the formats.
        Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX.format(name=name, title=title, meta=meta),
            "/boot/vmlinuz": BUILD / "vmlinuz",
            f"/boot/{name}.img": initrd,
        }, size_mib=20, label=name).build(image)
        filesystems.append(image)
    members = [make_disk(work / f"member{n}.img", [Partition(None, type=LINUX_RAID, size_mib=24)] * 3)
               for n in (0, 1)]
    console = run_builder(work, job(), [*members, *filesystems])
    for meta, _, _, _ in ARRAYS:
        assert f"Version : {meta}" in console, console[-3000:]
    return members


def test_md_formats_090_10_11_are_assembled_and_listed(machine, format_members, tmp_path):
    disks = copies(format_members, tmp_path)
    before = [sha256(d) for d in disks]
    m = machine(disks=disks, append="swiftboot.timeout=-1 ignore_loglevel")
    titles = [title for *_, title in ARRAYS]
    found = set()
    while len(found) < len(titles):
        found.add(m.expect(titles, timeout=90).group(0).decode())
    # Volumes in node order: md125 (1.1), md126 (1.0), md127 (0.90, the first array
    # created). The 0.90 one is booted: its superblock is at the end of each member.
    m.send_keys("down", "down", "enter")
    report = m.wait_target()
    assert report.name == "md-meta090"
    assert "md=0.90" in report.cmdline
    log = m.log_path.read_text(errors="replace")
    for meta, level, _, _ in ARRAYS:
        assert re.search(rf"md: /dev/md\d+ started read-only \([^)]*\): array [0-9a-f:]+, metadata {re.escape(meta)},"
                         rf" RAID{level}, 2 member\(s\)", log), m.tail()
    # No member partition was mounted as a filesystem of its own.
    assert not re.search(r"mount[^\n]*/dev/vd[ab]\d", log), m.tail()
    assert "kexec: 3 md array(s) stopped" in log, m.tail()
    assert [sha256(d) for d in disks] == before
