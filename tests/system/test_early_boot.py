"""A zero timeout boots the default as soon as no driver still loading can change it
(docs/system.md, "A zero timeout before coldplug is done"): a default on an NVMe disk
boots while the SCSI-layer drivers (AHCI with its CD-ROM drive, a MegaRAID HBA) still
load, since every disk they bring (sd*, sr*) comes after it in volume order; a default
on a virtio disk (vd*) waits for them, and a SATA disk's default (sda, first) wins."""
from __future__ import annotations

import re

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition
from test_controllers import payload_is_stock

pytestmark = pytest.mark.skipif(
    not payload_is_stock(), reason="the payload is not the stock kernel (its NVMe and AHCI drivers are modules)")

EXTLINUX_CONF = """\
DEFAULT {name}
TIMEOUT 0
LABEL {name}
    MENU LABEL {title}
    LINUX /boot/vmlinuz
    INITRD /boot/target.img
    APPEND console=ttyS0 via={name}
"""


@pytest.fixture
def entry_disk(target, disk):
    def make(name: str, title: str):
        t = target(name)
        return disk(f"{name}-disk.img", [
            Partition(Filesystem("ext4", {
                "/boot/extlinux/extlinux.conf": EXTLINUX_CONF.format(name=name, title=title),
                "/boot/vmlinuz": t.kernel,
                "/boot/target.img": t.initrds[0],
            }, size_mib=40, label=name.upper()[:12]), type=LINUX_DATA, name=name),
        ])
    return make


def lines(m) -> str:
    return m.log_path.read_bytes().decode(errors="replace")


def test_nvme_default_boots_before_the_scsi_drivers_end(machine, entry_disk):
    nvme = entry_disk("early-nvme", "Early NVMe")
    sas = entry_disk("late-sas", "Late SAS")
    # q35's AHCI (its empty CD-ROM drive) and a MegaRAID HBA: drivers that bring sd*/sr*.
    m = machine(disks=[nvme], disks_on=[("sas", sas)], append="swiftboot.timeout=0 ignore_loglevel")
    report = m.wait_target(timeout=180)
    assert report.name == "early-nvme"
    log = lines(m)
    final = re.search(r"menu: default 'Early NVMe' on /dev/nvme0n1p1 is final: the drivers still loading "
                      r"bring (only disks [^;]*|no disk) after it", log)
    # (Whether coldplug is over by then depends on the machine's speed: the HBA's
    # handshake may end before the NVMe disk is scanned.)
    assert final, "the default was not booted through the early path"


def test_virtio_default_waits_for_an_earlier_sata_disk(machine, entry_disk):
    sata = entry_disk("first-sata", "First SATA")
    virtio = entry_disk("second-virtio", "Second virtio")
    m = machine(disks_on=[("virtio", virtio), ("sata", sata)],
                append="swiftboot.timeout=0 swiftboot.debug ignore_loglevel")
    report = m.wait_target(timeout=180)
    # sda comes before vda: the SATA disk's default, though its driver may end last.
    assert report.name == "first-sata"
    assert "is final" not in lines(m) or re.search(r"'First SATA' on /dev/sda1 is final", lines(m))
