"""The payload's NIC drivers: a machine with a virtio-net and an e1000e card on the
network lab's bridge boots swiftboot with Debian's stock kernel (e1000e is not in the
cloud kernel); coldplug loads both drivers (from initramfs/modules.list) and PID 1's
debug line lists the interfaces with their MACs and drivers."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD, REPO

VIRTIO_MAC = "52:54:00:77:01:01"
E1000E_MAC = "52:54:00:77:01:02"


def stock_payload(tmp_path: Path) -> tuple[Path, Path]:
    """(kernel, initramfs) of swiftboot on Debian's stock kernel: build/ itself when
    scripts/build made it with that kernel (build/kernel says "stock"), else an initramfs
    made here by build/mkinitramfs from build/swiftboot, initramfs/modules.list and the
    stock kernel's module tree in cache/kernel/stock."""
    marker = BUILD / "kernel"
    if marker.exists() and marker.read_text().strip() == "stock":
        return BUILD / "vmlinuz", BUILD / "initramfs.img"
    stock = (REPO / "cache" / "kernel" / "stock").resolve()
    if not (stock / "done").exists():
        pytest.skip("Debian's stock kernel is not in cache/kernel/stock (scripts/setup on the stock branch)")
    version = stock.name
    initramfs = tmp_path / "initramfs-stock.img"
    terminfo = []
    for line in (REPO / "initramfs" / "terminfo.list").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            terminfo += ["--terminfo", line.strip()]
    subprocess.run([str(BUILD / "mkinitramfs"), "--output", str(initramfs),
                    "--layout", str(REPO / "initramfs" / "layout"), "--init", str(BUILD / "swiftboot"),
                    "--module-dir", str(stock / "root" / "lib" / "modules" / version),
                    "--modules-list", str(REPO / "initramfs" / "modules.list"),
                    *terminfo, "--compress", "zstd"], check=True, capture_output=True)
    return stock / "root" / "boot" / f"vmlinuz-{version}", initramfs


def test_coldplug_loads_nic_drivers(built, machine, netlab, tmp_path):
    kernel, initramfs = stock_payload(tmp_path)
    m = machine(kernel=kernel, initrd=initramfs, append="swiftboot.debug swiftboot.timeout=0",
                nics=[netlab.nic("virtio-net-pci", VIRTIO_MAC), netlab.nic("e1000e", E1000E_MAC)])
    loaded = m.expect(r"modules: coldplug (?:loaded|done)[^\r\n]*\r*\n", timeout=120).group(0).decode()
    assert re.search(r"\bvirtio_net\b", loaded), loaded
    assert re.search(r"\be1000e\b", loaded), loaded
    line = m.expect(r"net: (\d+) interface\(s\) after coldplug: ([^\r\n]*)\r*\n", timeout=30)
    interfaces = {}
    for entry in line.group(2).decode().split(", "):
        name, mac, driver = entry.split()
        interfaces[mac] = (name, driver)
    assert int(line.group(1)) == 2, interfaces
    for mac, driver in ((VIRTIO_MAC, "virtio_net"), (E1000E_MAC, "e1000e")):
        name, bound = interfaces[mac]
        assert bound == driver
        assert re.fullmatch(r"eth\d+|en\w+", name), name
    # Both cards sit on the lab's bridge (their tap devices are its ports, carrier up).
    ports = netlab.exec("ip", "-o", "link", "show", "master", "br0").stdout
    assert ports.count("tap") == 2
