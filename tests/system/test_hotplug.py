"""Hotplug: a disk added to the running machine (QEMU monitor `device_add` of a
virtio-blk PCI function into an empty PCIe root port) gets its drivers loaded from the
uevent's MODALIAS (virtio_pci, then virtio_blk), is probed and mounted, and its entry
appears in the open menu; a USB stick plugged into the xHCI controller later brings
usb_storage the same way (stock kernel payload)."""
from __future__ import annotations

import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition

EXTLINUX = """\
DEFAULT {label}
TIMEOUT 600
LABEL {label}
    MENU LABEL {title}
    LINUX /boot/vmlinuz
"""


def disk_with(disk, name: str, title: str) -> Path:
    return disk(f"{name}.img", [Partition(Filesystem("ext4", {
        "/boot/extlinux/extlinux.conf": EXTLINUX.format(label=name, title=title),
        "/boot/vmlinuz": "k",
    }, size_mib=32, label=name.upper()), type=LINUX_DATA)])


class Monitor:
    """The QEMU human monitor on a unix socket."""

    def __init__(self, path: Path):
        self.sock = socket.socket(socket.AF_UNIX)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sock.connect(str(path))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def command(self, text: str) -> None:
        self.sock.sendall(text.encode() + b"\n")
        time.sleep(0.5)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def monitor_path():
    # A short directory: unix socket paths are limited to 107 bytes.
    directory = Path(tempfile.mkdtemp(prefix="sbmon", dir="/tmp"))
    yield directory / "monitor.sock"
    shutil.rmtree(directory, ignore_errors=True)


def test_added_disk_appears_in_the_menu(machine, disk, monitor_path):
    boot = disk_with(disk, "present", "Hotplug present at boot")
    added = disk_with(disk, "added", "Hotplug added later")
    m = machine(disks=[boot], append="swiftboot.timeout=-1", qemu_args=[
        "-monitor", f"unix:{monitor_path},server,nowait",
        "-device", "pcie-root-port,id=hotplug-port,chassis=5,slot=5",
    ])
    m.expect("Hotplug present at boot")
    monitor = Monitor(monitor_path)
    try:
        monitor.command(f"drive_add 0 if=none,id=added,file={added},format=raw")
        monitor.command("device_add virtio-blk-pci,drive=added,bus=hotplug-port,id=added-disk")
        m.expect("Hotplug added later", timeout=45)
    finally:
        monitor.close()


def payload_is_stock() -> bool:
    kernel = Path(__file__).resolve().parents[2] / "build" / "kernel"
    return kernel.exists() and kernel.read_text().strip() == "stock"


@pytest.mark.skipif(not payload_is_stock(), reason="USB storage drivers: stock kernel payload only")
def test_usb_stick_plugged_in_later_appears_in_the_menu(machine, disk, monitor_path):
    # The xHCI controller is there at boot (coldplug loads xhci_pci); the stick arrives
    # with the menu open: its uevent brings usb_storage, then sd_mod's disk, then the entry.
    boot = disk_with(disk, "present", "Hotplug present at boot")
    stick = disk_with(disk, "stick", "Hotplug USB stick")
    m = machine(disks=[boot], append="swiftboot.timeout=-1", qemu_args=[
        "-monitor", f"unix:{monitor_path},server,nowait",
        "-device", "qemu-xhci,id=xhci0",
    ])
    m.expect("Hotplug present at boot")
    monitor = Monitor(monitor_path)
    try:
        monitor.command(f"drive_add 0 if=none,id=stick,file={stick},format=raw")
        monitor.command("device_add usb-storage,drive=stick,bus=xhci0.0,id=stick-disk")
        m.expect("Hotplug USB stick", timeout=60)
    finally:
        monitor.close()
