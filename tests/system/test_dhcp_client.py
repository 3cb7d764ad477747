"""`swiftboot net` against dnsmasq: DHCPv4, DHCPv6, proxy-DHCP, a dead server, packet loss.

Each test builds its own network: a server namespace with a bridge (10.77.41.1/24,
fd77:41::1/64) and dnsmasq on it, a client namespace whose eth0 is a veth port of that
bridge, and for proxy-DHCP a third namespace (10.77.41.2) with a second dnsmasq in proxy
mode. Nothing reaches the host's interfaces. swiftboot runs inside the client namespace
(`ip netns exec`), configures eth0 with netlink and prints the lease as JSON; the tests
check the JSON and what `ip -j addr` / `ip -j route` show in the client namespace.
Needs root (network namespaces), dnsmasq (Debian's dnsmasq-base) and iproute2.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
    pytest.mark.skipif(shutil.which("dnsmasq") is None, reason="dnsmasq missing (scripts/setup installs dnsmasq-base)"),
]

_counter = itertools.count()


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True)


class Lab:
    """Namespaces, veth pairs and dnsmasq servers of one test; `close` removes them all."""

    def __init__(self, tmp: Path):
        tag = f"{os.getpid() % 100000}-{next(_counter)}"
        self.tmp = tmp
        self.server = f"sbt-dhcp-s{tag}"
        self.client = f"sbt-dhcp-c{tag}"
        self.proxy = f"sbt-dhcp-p{tag}"
        self.namespaces: list[str] = []
        self.servers: list[subprocess.Popen] = []
        for ns in (self.server, self.client):
            ip("netns", "add", ns)
            self.namespaces.append(ns)
        ip("-n", self.server, "link", "add", "br0", "type", "bridge")
        ip("-n", self.server, "addr", "add", "10.77.41.1/24", "dev", "br0")
        ip("-n", self.server, "addr", "add", "fd77:41::1/64", "dev", "br0", "nodad")
        ip("-n", self.server, "link", "set", "br0", "up")
        self.port(self.client, "p-client")

    def port(self, ns: str, name: str) -> None:
        """A veth pair: `name` on the server's bridge, eth0 in `ns`."""
        ip("link", "add", name, "netns", self.server, "type", "veth", "peer", "name", "eth0", "netns", ns)
        ip("-n", self.server, "link", "set", name, "master", "br0")
        ip("-n", self.server, "link", "set", name, "up")

    def add_proxy(self) -> None:
        ip("netns", "add", self.proxy)
        self.namespaces.append(self.proxy)
        self.port(self.proxy, "p-proxy")
        ip("-n", self.proxy, "addr", "add", "10.77.41.2/24", "dev", "eth0")
        ip("-n", self.proxy, "link", "set", "eth0", "up")

    def dnsmasq(self, ns: str, name: str, interface: str, *options: str) -> Path:
        """Starts dnsmasq (DHCP only, no DNS) in `ns`; returns its log file."""
        log = self.tmp / f"{name}.log"
        args = ["ip", "netns", "exec", ns, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=0", "--no-resolv", "--no-hosts", "--no-ping", "--user=root", "--group=root",
                f"--interface={interface}", "--bind-interfaces", "--log-dhcp",
                f"--log-facility={log}", f"--dhcp-leasefile={self.tmp / (name + '.leases')}",
                f"--pid-file={self.tmp / (name + '.pid')}", *options]
        self.servers.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and "started" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.1)
        return log

    def net(self, binary: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(["ip", "netns", "exec", self.client, str(binary), "net", *args],
                              capture_output=True, text=True, timeout=timeout)

    def client_json(self, *args: str):
        return json.loads(ip("-n", self.client, "-j", *args).stdout)

    def close(self) -> None:
        for p in self.servers:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        for ns in self.namespaces:
            ip("netns", "del", ns, check=False)


@pytest.fixture
def lab(tmp_path):
    lab = Lab(tmp_path)
    try:
        yield lab
    finally:
        lab.close()


BOOT_OPTIONS = [
    "--dhcp-range=10.77.41.100,10.77.41.150,255.255.255.0,300s",
    "--dhcp-range=fd77:41::100,fd77:41::1ff,64,300s",
    "--dhcp-option=option:router,10.77.41.1",
    "--dhcp-option=option:dns-server,10.77.41.53",
    "--dhcp-option=option:domain-name,lab.test",
    "--dhcp-boot=pxelinux.0,bootsrv,10.77.41.9",
    "--dhcp-option-force=209,pxelinux.cfg/custom",
    "--dhcp-option-force=210,http://10.77.41.1/pxe/",
    "--dhcp-option=option6:dns-server,[fd77:41::53]",
    "--dhcp-option=option6:bootfile-url,http://[fd77:41::1]/boot.ipxe",
    "--dhcp-option=option6:bootfile-param,console=ttyS0",
]


def only_lease(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert len(report["leases"]) == 1
    return report["leases"][0]


def test_dhcpv4_and_dhcpv6_lease_configures_address_route_and_dns(built, lab, tmp_path):
    log = lab.dnsmasq(lab.server, "dhcp", "br0", *BOOT_OPTIONS)
    resolv = tmp_path / "resolv.conf"
    lease = only_lease(lab.net(built / "swiftboot", "--json", "--v6", "--timeout", "30",
                               "--resolv-conf", str(resolv), "eth0"))
    mac = lab.client_json("link", "show", "eth0")[0]["address"]

    assert lease["interface"] == "eth0"
    assert lease["mac"] == mac
    assert lease["address"].startswith("10.77.41.")
    assert 100 <= int(lease["address"].rsplit(".", 1)[1]) <= 150
    assert lease["prefix"] == 24
    assert lease["router"] == "10.77.41.1"
    assert lease["dns"] == ["10.77.41.53"]
    assert lease["domain"] == "lab.test"
    assert lease["server_id"] == "10.77.41.1"
    assert lease["lease_seconds"] == 300
    assert lease["next_server"] == "10.77.41.9"
    assert lease["boot_file"] == "pxelinux.0"
    assert lease["tftp_server"] == "bootsrv"
    assert lease["pxe_config_file"] == "pxelinux.cfg/custom"
    assert lease["pxe_path_prefix"] == "http://10.77.41.1/pxe/"
    assert lease["proxy_server"] is None
    v6 = lease["v6"]
    assert v6["address"].startswith("fd77:41::")
    assert v6["boot_file_url"] == "http://[fd77:41::1]/boot.ipxe"
    assert v6["boot_file_params"] == ["console=ttyS0"]
    assert v6["dns"] == ["fd77:41::53"]

    # The link really is configured: addresses with lifetimes, the default route by DHCP.
    addrs = lab.client_json("addr", "show", "eth0")[0]["addr_info"]
    v4 = [a for a in addrs if a["family"] == "inet"]
    assert [(a["local"], a["prefixlen"]) for a in v4] == [(lease["address"], 24)]
    assert v4[0]["valid_life_time"] <= 300
    assert (v6["address"], 128) in [(a["local"], a["prefixlen"]) for a in addrs if a["family"] == "inet6"]
    routes = lab.client_json("route", "show", "default")
    assert [(r["gateway"], r["dev"], r["protocol"]) for r in routes] == [("10.77.41.1", "eth0", "dhcp")]
    assert resolv.read_text().splitlines()[1:] == ["search lab.test", "nameserver 10.77.41.53", "nameserver fd77:41::53"]

    # What the server saw: the PXE vendor class, the iPXE user class, a lease for our MAC.
    text = log.read_text()
    assert "vendor class: PXEClient:Arch:00007" in text
    assert "user class: iPXE" in text
    assert f"DHCPACK(br0) {lease['address']} {mac}" in text
    assert "DHCPREPLY(br0) " + v6["address"] in text


def test_proxy_dhcp_offer_is_merged_with_the_lease(built, lab):
    lab.add_proxy()
    lab.dnsmasq(lab.server, "dhcp", "br0", "--dhcp-range=10.77.41.100,10.77.41.150,255.255.255.0,300s",
                "--dhcp-option=option:router,10.77.41.1")
    proxy_log = lab.dnsmasq(lab.proxy, "proxy", "eth0", "--dhcp-range=10.77.41.0,proxy,255.255.255.0",
                            "--pxe-service=7,swiftboot,bootx64.efi,10.77.41.2")
    lease = only_lease(lab.net(built / "swiftboot", "--json", "--timeout", "30", "eth0"))
    assert lease["address"].startswith("10.77.41.1")       # from the DHCP server …
    assert lease["server_id"] == "10.77.41.1"
    assert lease["router"] == "10.77.41.1"
    assert lease["next_server"] == "10.77.41.2"             # … boot server from the proxy,
    assert lease["proxy_server"] == "10.77.41.2"
    assert lease["boot_file"] == "bootx64.efi"              # its boot file asked on port 4011
    assert lease["tftp_server"] == "10.77.41.2"
    text = proxy_log.read_text()
    assert "PXE(eth0)" in text and "proxy" in text


def test_dead_server_is_a_clear_error_after_the_bounded_wait(built, lab):
    start = time.monotonic()
    result = lab.net(built / "swiftboot", "--json", "--timeout", "6", "eth0")
    elapsed = time.monotonic() - start
    assert result.returncode == 1
    assert "eth0: DHCPv4: no DHCP offer within 6 s" in result.stderr
    assert json.loads(result.stdout)["errors"] == ["eth0: DHCPv4: no DHCP offer within 6 s"]
    assert 5.5 <= elapsed <= 15, elapsed
    assert [a for a in lab.client_json("addr", "show", "eth0")[0]["addr_info"] if a["family"] == "inet"] == []


def test_no_carrier_and_unknown_interface_name_the_interface(built, lab):
    ip("-n", lab.server, "link", "set", "p-client", "down")
    result = lab.net(built / "swiftboot", "--timeout", "2", "eth0")
    assert result.returncode == 1
    assert "eth0: no carrier after 2 s" in result.stderr
    result = lab.net(built / "swiftboot", "nosuch0")
    assert result.returncode == 1
    assert "nosuch0: no such network interface" in result.stderr


def test_late_server_is_reached_by_retransmission(built, lab):
    child = subprocess.Popen(["ip", "netns", "exec", lab.client, str(built / "swiftboot"), "net", "--json",
                              "--timeout", "40", "eth0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2)   # the first DISCOVER goes unanswered
        log = lab.dnsmasq(lab.server, "dhcp", "br0", *BOOT_OPTIONS)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert json.loads(out)["leases"][0]["address"].startswith("10.77.41.")
    assert "DHCPDISCOVER(br0)" in log.read_text()


def lose_30_percent(lab: Lab) -> str:
    """30% of what the client sends is lost on the veth: tc netem on the client's eth0
    (random), or, on a kernel without sch_netem (this machine's), an nftables rule at the
    other end's ingress dropping 3 of every 10 DHCP packets, the first three included —
    the same rate, but the retransmissions it forces are certain. Returns which was used."""
    netem = ip("netns", "exec", lab.client, "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "loss", "30%",
               check=False)
    if netem.returncode == 0:
        return "netem"
    assert shutil.which("nft"), "neither tc netem nor nft available"
    rules = """table netdev loss {
        chain in { type filter hook ingress device p-client priority 0;
                   udp dport 67 numgen inc mod 10 < 3 counter drop; }
    }"""
    subprocess.run(["ip", "netns", "exec", lab.server, "nft", "-f", "-"], input=rules, text=True, check=True)
    return "nft"


def test_packet_loss_still_gets_a_lease(built, lab):
    how = lose_30_percent(lab)
    log = lab.dnsmasq(lab.server, "dhcp", "br0", *BOOT_OPTIONS)
    leases = []
    for _ in range(3):   # three leases in a row, each through 30% loss
        ip("-n", lab.client, "addr", "flush", "dev", "eth0", "scope", "global")
        result = lab.net(built / "swiftboot", "--json", "--timeout", "120", "eth0", timeout=180)
        assert result.returncode == 0, result.stderr + log.read_text()[-3000:]
        leases.append(only_lease(result))
    assert all(l["address"].startswith("10.77.41.") and l["router"] == "10.77.41.1" for l in leases)
    assert log.read_text().count("DHCPACK(br0)") >= 3
    if how == "nft":
        # The first three DISCOVERs were dropped: the first lease came by retransmission.
        ruleset = ip("netns", "exec", lab.server, "nft", "list", "table", "netdev", "loss").stdout
        assert "counter packets 3 " in ruleset, ruleset
