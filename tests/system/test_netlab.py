"""Self-tests of the network test lab (tests/system/netlab.py), without QEMU: a client
namespace on the lab's bridge talks to the lab's real dnsmasq and nginx with third-party
clients (busybox udhcpc and tftp, curl, ping) and the DHCP probe (dhcpprobe.py)."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import time

import pytest


from netlab import BRIDGE, SERVER_V4, SERVER_V6, DhcpHost, NetLab, TestCA

MAC = "52:54:00:77:00:01"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root")


def namespaces() -> set[str]:
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie of ours is gone for the test's purpose (reaped by Popen.wait in stop()).
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def udhcpc(lab: NetLab, ns: str, tmp_path, tries: int = 3) -> tuple[int, dict[str, str]]:
    """busybox udhcpc on the client's eth0 (requesting option 210); its script records
    the environment of the `bound` call. (exit status, that environment)."""
    script = tmp_path / "udhcpc.sh"
    env_file = tmp_path / "udhcpc.env"
    script.write_text(f'#!/bin/sh\n[ "$1" = bound ] && env > {env_file}\nexit 0\n')
    script.chmod(0o755)
    result = lab.exec("busybox", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", str(tries), "-T", "1",
                      "-O", "210", "-s", str(script), ns=ns, check=False, timeout=30)
    env = {}
    if env_file.exists():
        env = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    return result.returncode, env


def test_dhcpv4_lease_with_boot_options(netlab, tmp_path):
    netlab.start_dnsmasq([DhcpHost(MAC, "10.77.0.50", boot_file="pxelinux.0",
                                   path_prefix="http://10.77.0.1/boot/")])
    client = netlab.add_peer("client", mac=MAC)
    status, env = udhcpc(netlab, client, tmp_path)
    assert status == 0, (netlab.workdir / "dnsmasq.log").read_text()[-2000:]
    assert env["ip"] == "10.77.0.50"
    assert env["serverid"] == SERVER_V4
    assert env["siaddr"] == SERVER_V4
    assert env["boot_file"] == "pxelinux.0"
    assert env["pxepathprefix"] == "http://10.77.0.1/boot/"  # option 210, by busybox's name
    assert MAC in (netlab.workdir / "dnsmasq.leases").read_text()

    # Another MAC gets an address of the pool and none of these boot options.
    other = netlab.add_peer("other", mac="52:54:00:77:00:02")
    offers = netlab.dhcp_probe(other, "v4", "52:54:00:77:00:02", 2)
    assert len(offers) == 1
    assert re.fullmatch(r"10\.77\.0\.1\d\d", offers[0]["yiaddr"])
    assert "210" not in offers[0]["options"] and "67" not in offers[0]["options"]
    assert offers[0]["file"] == ""


def test_pxe_options_and_dhcpv6_boot_url(netlab):
    netlab.start_dnsmasq([DhcpHost(MAC, "10.77.0.51", boot_file="lpxelinux.0",
                                   boot_url6="http://[fd77::1]/boot.ipxe",
                                   options={"209": '"pxelinux.cfg/lab"'})])
    client = netlab.add_peer("client", mac=MAC)
    offers = netlab.dhcp_probe(client, "v4", MAC, 2)
    assert len(offers) == 1
    offer = offers[0]
    assert offer["yiaddr"] == "10.77.0.51" and offer["siaddr"] == SERVER_V4
    # The probe asks for option 67, so dnsmasq sends the name there (else in `file`).
    boot = bytes.fromhex(offer["options"].get("67", "")).rstrip(b"\0").decode() or offer["file"]
    assert boot == "lpxelinux.0"
    assert bytes.fromhex(offer["options"]["209"]).decode() == "pxelinux.cfg/lab"

    adverts = netlab.dhcp_probe(client, "v6", MAC, 2)
    assert len(adverts) == 1
    assert adverts[0]["type"] == 2  # ADVERTISE
    assert bytes.fromhex(adverts[0]["options"]["59"]).decode() == "http://[fd77::1]/boot.ipxe"
    ia_na = bytes.fromhex(adverts[0]["options"]["3"])
    address = ia_na[12 + 4:12 + 4 + 16]  # IAID, T1, T2, then the IA address option
    assert address[:8] == bytes.fromhex("fd77000000000000")


def test_proxy_dhcp_second_offer(netlab):
    netlab.start_dnsmasq()
    netlab.start_proxy_dhcp([DhcpHost(MAC, boot_file="pxelinux.0")])
    client = netlab.add_peer("client", mac=MAC)
    offers = {offer["from"]: offer for offer in netlab.dhcp_probe(client, "v4", MAC, 2)}
    assert set(offers) == {SERVER_V4, "10.77.0.2"}
    assert re.fullmatch(r"10\.77\.0\.1\d\d", offers[SERVER_V4]["yiaddr"])
    proxy = offers["10.77.0.2"]
    assert proxy["yiaddr"] == "0.0.0.0"
    assert bytes.fromhex(proxy["options"]["60"]) == b"PXEClient"
    assert proxy["file"] == "pxelinux.0" and proxy["siaddr"] == SERVER_V4


def test_dhcp_server_down(netlab, tmp_path):
    netlab.start_dnsmasq([DhcpHost(MAC, "10.77.0.50")])
    client = netlab.add_peer("client", mac=MAC)
    assert netlab.dhcp_probe(client, "v4", MAC, 2)
    netlab.stop_dnsmasq()
    assert netlab.dhcp_probe(client, "v4", MAC, 2) == []
    status, env = udhcpc(netlab, client, tmp_path, tries=2)
    assert status != 0 and env == {}


def test_tftp_serves_files(netlab, tmp_path):
    root = tmp_path / "tftp"
    (root / "pxelinux.cfg").mkdir(parents=True)
    payload = os.urandom(300 * 1024 + 17)
    (root / "vmlinuz").write_bytes(payload)
    (root / "pxelinux.cfg" / "default").write_text("DEFAULT lab\n")
    netlab.start_dnsmasq(tftp_root=root)
    client = netlab.add_peer("client", ipv4="10.77.0.9")
    got = tmp_path / "got"
    netlab.exec("busybox", "tftp", "-g", "-b", "1468", "-r", "vmlinuz", "-l", str(got), SERVER_V4, ns=client)
    assert hashlib.sha256(got.read_bytes()).digest() == hashlib.sha256(payload).digest()
    # Local files in tmp_path only: busybox tftp unlinks its local file when a transfer
    # fails, which would replace /dev/stdout or /dev/null on the host.
    config = tmp_path / "default"
    netlab.exec("busybox", "tftp", "-g", "-r", "pxelinux.cfg/default", "-l", str(config), SERVER_V4, ns=client)
    assert config.read_text() == "DEFAULT lab\n"
    missing = netlab.exec("busybox", "tftp", "-g", "-r", "nothing", "-l", str(tmp_path / "nothing"), SERVER_V4,
                          ns=client, check=False)
    assert missing.returncode != 0


def test_http_and_https_with_test_ca(netlab, tmp_path):
    docroot = tmp_path / "www"
    docroot.mkdir()
    payload = os.urandom(1024 * 1024)
    (docroot / "initrd.img").write_bytes(payload)
    netlab.start_nginx(docroot)
    client = netlab.add_peer("client", ipv4="10.77.0.9", ipv6="fd77::9")
    ca = str(netlab.ca.cert)

    def curl(*args: str) -> subprocess.CompletedProcess:
        """curl in the client namespace; output as bytes."""
        return subprocess.run(["ip", "netns", "exec", client, "curl", "-sS", "--noproxy", "*",
                               "--max-time", "10", *args], capture_output=True)

    for url in (f"http://{SERVER_V4}/initrd.img", f"http://[{SERVER_V6}]/initrd.img",
                f"https://{SERVER_V4}/initrd.img", f"https://[{SERVER_V6}]/initrd.img"):
        result = curl("--cacert", ca, url)
        assert result.returncode == 0, (url, result.stderr)
        assert result.stdout == payload, url

    # A range request (resume) gets 206 and the rest.
    result = curl("--cacert", ca, "-r", "1000-", "-D", "-", "-o", str(tmp_path / "rest"),
                  f"https://{SERVER_V4}/initrd.img")
    assert result.returncode == 0 and b" 206 " in result.stdout
    assert (tmp_path / "rest").read_bytes() == payload[1000:]

    # Without the test CA (the host's bundle only), or with another CA, verification fails.
    assert curl(f"https://{SERVER_V4}/initrd.img").returncode == 60
    other = TestCA(tmp_path / "other-ca", name="untrusted CA")
    assert curl("--cacert", str(other.cert), f"https://{SERVER_V4}/initrd.img").returncode == 60
    assert b" 404 " in curl("--cacert", ca, "-D", "-", "-o", "/dev/null", f"https://{SERVER_V4}/missing").stdout


def ping_loss(lab: NetLab, ns: str, count: int) -> float:
    out = lab.exec("busybox", "ping", "-q", "-c", str(count), "-i", "0.002", "-W", "1", SERVER_V4, ns=ns,
                   check=False, timeout=60).stdout
    match = re.search(r"([\d.]+)% packet loss", out)
    assert match, out
    return float(match.group(1))


def test_packet_loss_is_applied(netlab):
    client = netlab.add_peer("client", ipv4="10.77.0.9")
    assert ping_loss(netlab, client, 50) == 0
    veth = netlab.peers[client]
    assert netlab.set_loss(veth, 30) == "nftables"
    # 30 % each way: about half of the echo round trips are lost.
    loss = ping_loss(netlab, client, 300)
    assert 30 <= loss <= 70, loss
    # Both directions were hit: requests dropped on the way in, replies on the way out
    # (and the counters are how a test proves its loss was not vacuous).
    counted = netlab.loss_counters(veth)
    assert counted.seen_in >= 300 and counted.seen_out >= 100, counted
    assert 0.15 <= counted.dropped_in / counted.seen_in <= 0.45, counted
    assert 0.15 <= counted.dropped_out / counted.seen_out <= 0.45, counted


def test_teardown_leaves_nothing(tmp_path):
    lab = NetLab(tmp_path / "lab")
    names = pids = None
    with pytest.raises(RuntimeError, match="test failed here"):
        try:
            (tmp_path / "www").mkdir()
            lab.start_dnsmasq(tftp_root=tmp_path)
            lab.start_nginx(tmp_path / "www")
            tap = lab.add_tap()
            client = lab.add_peer("client", ipv4="10.77.0.9")
            # A process the lab did not start (a client) is killed with its namespace.
            subprocess.Popen(["ip", "netns", "exec", client, "sleep", "300"])
            assert tap in lab.exec("ip", "-o", "link", "show", "master", BRIDGE).stdout
            names = set(lab.namespaces)
            assert names <= namespaces()
            deadline = time.monotonic() + 5
            while True:  # until `ip netns exec` has entered the client's namespace
                pids = [int(p) for ns in names for p in
                        subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout.split()]
                if len(pids) >= 4 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            assert len(pids) >= 4  # dnsmasq, nginx master and worker, sleep
            raise RuntimeError("test failed here")
        finally:
            lab.close()
    assert names and not (names & namespaces())
    assert not [pid for pid in pids if alive(pid)]
    # The taps and veths lived only in the namespaces: none is on the host.
    host_links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
    assert lab.ns not in host_links
    lab.close()  # twice is fine


def test_stale_namespaces_of_killed_runs_are_reaped():
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = f"sbt-lab-{dead.pid}-0"
    mine = f"sbt-lab-{os.getpid()}-999"
    try:
        for name in (stale, f"{stale}-client", mine):
            subprocess.run(["ip", "netns", "add", name], check=True)
        subprocess.Popen(["ip", "netns", "exec", stale, "sleep", "300"])
        time.sleep(0.3)
        assert sorted(NetLab.reap_stale()) == sorted([stale, f"{stale}-client"])
        assert stale not in namespaces() and f"{stale}-client" not in namespaces()
        assert mine in namespaces()  # this process is alive: not stale
    finally:
        for name in (stale, f"{stale}-client", mine):
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
