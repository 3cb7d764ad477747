"""The busybox baseline of the network boot bench (scripts/make-busybox-netboot-initramfs):
booted in QEMU on the network lab with the payload kernel and a virtio-net card, its
/init gets its lease from the lab's dnsmasq with busybox udhcpc and downloads a file from
nginx with busybox wget and from dnsmasq's TFTP server with busybox tftp, reporting the
bytes, the time, the rate and the checksum."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess

import pytest

from conftest import REPO
from netlab import DhcpHost

MAC = "52:54:00:77:02:01"
IP = "10.77.0.60"


@pytest.fixture
def busybox_image(built, tmp_path):
    image = tmp_path / "busybox-netboot.img"
    subprocess.run([str(REPO / "scripts" / "make-busybox-netboot-initramfs"), str(image)], check=True)
    return image


@pytest.mark.parametrize("scheme", ["http", "tftp"])
def test_busybox_netboot_downloads(built, machine, netlab, busybox_image, tmp_path, scheme):
    payload = os.urandom(3 * 1024 * 1024 + 123)
    served = tmp_path / "served"
    served.mkdir()
    (served / "blob").write_bytes(payload)
    netlab.start_dnsmasq([DhcpHost(MAC, IP)], tftp_root=served)
    netlab.start_nginx(served, https=False)
    m = machine(initrd=busybox_image, append=f"netboot.url={scheme}://10.77.0.1/blob",
                nics=[netlab.nic("virtio-net-pci", MAC)])
    dhcp = m.expect(r"BUSYBOX-NETBOOT (dhcp|error) ([^\r\n]*)\r*\n", timeout=90)
    assert dhcp.group(1) == b"dhcp", dhcp.group(2)
    assert f"ip={IP} ".encode() in dhcp.group(2)
    done = m.expect(r"BUSYBOX-NETBOOT (done|error) ([^\r\n]*)\r*\n", timeout=60)
    assert done.group(1) == b"done", done.group(2)
    fields = dict(word.split("=", 1) for word in done.group(2).decode().split())
    assert fields["url"] == f"{scheme}://10.77.0.1/blob"
    assert int(fields["bytes"]) == len(payload)
    assert fields["md5"] == hashlib.md5(payload).hexdigest()
    assert float(fields["mib_per_s"]) > 0
    print(f"busybox {scheme}: {fields['bytes']} bytes in {fields['seconds']} s, {fields['mib_per_s']} MiB/s")
    # The transfer really came from the lab's servers.
    if scheme == "http":
        assert "GET /blob" in (netlab.workdir / "nginx" / "access.log").read_text()
    else:
        assert "sent" in (netlab.workdir / "dnsmasq.log").read_text()


def test_bench_mode_runs_swiftboot_and_busybox(built, machine, netlab, tmp_path):
    """The image scripts/bench boots (--swiftboot): for each URL of netboot.bench= it runs
    `swiftboot fetch` and busybox's download netboot.rounds= times each, alternating which
    goes first, each bracketed by NETBENCH start/end lines; both tools get the whole file
    (nginx and dnsmasq log each transfer)."""
    image = tmp_path / "netbench.img"
    subprocess.run([str(REPO / "scripts" / "make-busybox-netboot-initramfs"), str(image),
                    "--swiftboot", str(built / "swiftboot")], check=True)
    served = tmp_path / "served"
    served.mkdir()
    (served / "blob").write_bytes(os.urandom(2 * 1024 * 1024 + 77))
    netlab.start_dnsmasq([DhcpHost(MAC, IP)], tftp_root=served)
    netlab.start_nginx(served, https=False)
    urls = ["http://10.77.0.1/blob", "tftp://10.77.0.1/blob"]
    m = machine(initrd=image, append=f"printk.time=1 netboot.bench={','.join(urls)} netboot.rounds=2",
                nics=[netlab.nic("virtio-net-pci", MAC)])
    events = []
    while True:
        match = m.expect(r"NETBENCH (start|end|finished)([^\r\n]*)\r*\n", timeout=180)
        if match.group(1) == b"finished":
            break
        fields = dict(word.split("=", 1) for word in match.group(2).decode().split() if "=" in word)
        events.append((match.group(1).decode(), fields["tool"], fields["url"], fields["round"],
                       fields.get("status"), fields.get("bytes")))
    starts = [(tool, url, int(r)) for kind, tool, url, r, _, _ in events if kind == "start"]
    assert starts == [("swiftboot", urls[0], 1), ("busybox", urls[0], 1),
                      ("busybox", urls[0], 2), ("swiftboot", urls[0], 2),
                      ("swiftboot", urls[1], 1), ("busybox", urls[1], 1),
                      ("busybox", urls[1], 2), ("swiftboot", urls[1], 2)]
    ends = [(tool, status, size) for kind, tool, _, _, status, size in events if kind == "end"]
    assert len(ends) == 8
    for tool, status, size in ends:
        assert status == "0", (tool, status)
        assert size == ("-" if tool == "swiftboot" else str(2 * 1024 * 1024 + 77))
    access = (netlab.workdir / "nginx" / "access.log").read_text()
    assert access.count(f'"GET /blob HTTP/1.1" 200 {2 * 1024 * 1024 + 77} "-" "swiftboot"') == 2
    assert access.count(f'"GET /blob HTTP/1.1" 200 {2 * 1024 * 1024 + 77} "-" "Wget"') == 2
    tftp_sent = [line for line in (netlab.workdir / "dnsmasq.log").read_text().splitlines()
                 if "dnsmasq-tftp" in line and "sent " in line and "blob" in line]
    assert len(tftp_sent) == 4
