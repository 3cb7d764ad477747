"""DHCPv4 lease renewal while the menu is open: dnsmasq hands out a lease with T1 = 10 s;
swiftboot, waiting in its menu (swiftboot.timeout=-1), renews it at T1 by a unicast
DHCPREQUEST from its interface thread, logs the renewal and shows it on the details
screen; then a network entry is booted by key presses (renewal stops before the hand-off).
The lab is a namespace of this file's own (sbt-lease-<pid>-<n>, tests/system/netlab.py)."""
from __future__ import annotations

import os
import re
import time

import pytest

from netlab import DhcpHost, NetLab
from test_netboot import MAC, pxelinux_tree, serve

T1 = 10


@pytest.fixture
def leaselab(tmp_path):
    """A NetLab named sbt-lease-…, removed after the test (also on failure)."""
    if os.geteuid() != 0:
        pytest.skip("network namespaces, taps and servers on ports 67/69 need root")
    NetLab.reap_stale("lease")
    lab = NetLab(tmp_path / "netlab", tag="lease")
    try:
        yield lab
    finally:
        lab.close()


def dnsmasq_exchanges(log: str, kind: str) -> list[str]:
    """The `DHCPREQUEST`/`DHCPACK` lines dnsmasq logged for the test machine's MAC."""
    return [line for line in log.splitlines() if re.search(rf"\b{kind}\(br0\) \S+ {MAC}", line)]


def test_lease_renewed_at_t1_while_the_menu_is_open(built, machine, leaselab, target, tmp_path):
    tftp = tmp_path / "tftp"
    serve(tftp, target("lease-renewed"))
    pxelinux_tree(tftp, "DEFAULT net\nLABEL net\n  MENU LABEL renewed netboot\n  KERNEL vmlinuz\n"
                        "  INITRD lease-renewed.img\n  APPEND console=ttyS0 panic=-1 from=net\n")
    leaselab.start_dnsmasq([DhcpHost(MAC, boot_file="pxelinux.0")], tftp_root=tftp, dhcpv6=False,
                           extra=[f"dhcp-option=option:T1,{T1}", "dhcp-option=option:T2,3000"])
    m = machine(nics=[leaselab.nic("virtio-net-pci", MAC)],
                append="swiftboot.timeout=-1 swiftboot.net.timeout=20")
    m.expect(r"renewed netboot", timeout=120)
    # T1 after the lease was bound, the interface's thread renews it: dnsmasq logs a second
    # DHCPREQUEST/DHCPACK pair for the machine's MAC, for the same address.
    log_path = leaselab.workdir / "dnsmasq.log"
    deadline = time.monotonic() + T1 + 40
    while True:
        log = log_path.read_text(errors="replace") if log_path.exists() else ""
        requests, acks = dnsmasq_exchanges(log, "DHCPREQUEST"), dnsmasq_exchanges(log, "DHCPACK")
        if len(acks) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(requests) >= 2 and len(acks) >= 2, log
    address = re.search(r"DHCPACK\(br0\) (\S+)", acks[0]).group(1)
    assert address in requests[1] and address in acks[1]
    # swiftboot's log (the log screen on the serial console) has the renewal.
    m.send_keys("l")
    m.expect(rf"net: eth0: lease {re.escape(address)} renewed from 10\.77\.0\.1 for \d+ s".encode(), timeout=20)
    # The details screen of the group says when it was renewed and what is left.
    m.send_keys("l", "i")
    m.expect(rb"Renewed:\s+(once|\d+ times), last \d+ s ago", timeout=20)
    m.expect(rb"Time left:\s+\d+ min \d+ s left, (renewal in \d+ s|renewing)", timeout=10)
    # Enter boots the entry (renewal stops before the hand-off).
    m.send_keys("i", "enter")
    report = m.wait_target()
    assert report.name == "lease-renewed"
    assert "from=net" in report.cmdline


def test_dhcpv6_lease_renewed_while_the_menu_is_open(built, machine, leaselab, target, tmp_path):
    """The DHCPv4 lease names no boot file, so DHCPv6 runs and binds an address (IA_NA);
    dnsmasq's shortest DHCPv6 lease (2 min) puts T1 at about 1 min: RENEW, REPLY."""
    www = tmp_path / "www"
    serve(www, target("v6-renewed"))
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        "kernel http://[fd77::1]/vmlinuz console=ttyS0 panic=-1 via=v6\n"
        "initrd http://[fd77::1]/v6-renewed.img\n"
        "boot\n")
    leaselab.start_nginx(www, https=False)
    leaselab.start_dnsmasq([DhcpHost(MAC, boot_url6="http://[fd77::1]/boot.ipxe")], dhcpv6=True, lease6="2m")
    m = machine(nics=[leaselab.nic("virtio-net-pci", MAC)],
                append="swiftboot.timeout=-1 swiftboot.net.timeout=20")
    m.expect(r"http://\[fd77::1\]", timeout=120)
    log_path = leaselab.workdir / "dnsmasq.log"
    deadline = time.monotonic() + 90
    while True:
        log = log_path.read_text(errors="replace") if log_path.exists() else ""
        # dnsmasq names the client of a RENEW by its DUID (DUID-LL of the MAC).
        renews = [line for line in log.splitlines() if re.search(rf"\bDHCPRENEW\(br0\) 00:03:00:01:{MAC}", line)]
        replies = [line for line in log.splitlines() if re.search(r"\bDHCPREPLY\(br0\) fd77::", line)]
        if (renews and len(replies) >= 2) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert renews and len(replies) >= 2, log
    address = re.search(r"DHCPREPLY\(br0\) (\S+)", replies[0]).group(1)
    assert address in replies[1]
    m.send_keys("l")
    # The server is named by its DUID: the line wraps on the 80-column log screen.
    m.expect(rf"net: eth0: lease {re.escape(address)} renewed from[\s\S]{{0,40}}?[0-9a-f]{{20,}}[\s\S]{{0,40}}?for \d+ s"
             .encode(), timeout=20)
    m.send_keys("l", "enter")
    report = m.wait_target()
    assert report.name == "v6-renewed"
    assert "via=v6" in report.cmdline
