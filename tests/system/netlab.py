"""The network test lab: a network namespace of the test's own with a bridge, QEMU tap
devices, dnsmasq (DHCPv4, DHCPv6, TFTP) and nginx (HTTP, HTTPS with a test CA made by
openssl at test time). Nothing here touches the host's interfaces: every device, address
and server lives in namespaces named `sbt-lab-<pid>-<n>…` that `NetLab.close()` deletes
(after killing the servers by pid), also when a test fails.

    lab = NetLab(workdir)                    # namespace + br0 (10.77.0.1/24, fd77::1/64)
    tap = lab.add_tap()                      # for scripts/qemu --nic MODEL,MAC,tap=…,netns=…
    lab.start_dnsmasq([DhcpHost(mac, ip, boot_file="pxelinux.0")], tftp_root=dir)
    lab.start_nginx(docroot)                 # http://10.77.0.1/, https://10.77.0.1/
    lab.set_loss(tap, 5)                     # nftables, both directions; lab.loss_counters(tap)
    lab.set_link_cut(tap, True)              # every frame dropped until set_link_cut(tap, False)
    lab.stop_dnsmasq()                       # "DHCP server down"
    lab.close()
"""
from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SERVER_V4 = "10.77.0.1"
SERVER_V6 = "fd77::1"
PREFIX_V4 = 24
PREFIX_V6 = 64
BRIDGE = "br0"

_counter = itertools.count()


class HostLab:
    """A namespace of a host test's own (`ns`), with no bridge: servers started in it by
    `start` (logs under `root`) are killed and the namespace deleted by `stop`. Used by
    the host tests of `swiftboot fetch` (test_transfers.py, test_dns_fetch.py), which put
    their addresses on the namespace's loopback."""

    def __init__(self, root: Path, ns: str):
        self.root = root
        self.ns = ns
        self.procs: list[subprocess.Popen] = []

    def run(self, *args, check=True, **kw):
        return subprocess.run(["ip", "netns", "exec", self.ns, *args], check=check, **kw)

    def start(self, *args, log: str) -> subprocess.Popen:
        out = open(self.root / log, "w")
        p = subprocess.Popen(["ip", "netns", "exec", self.ns, *args], stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        subprocess.run(["ip", "netns", "del", self.ns], check=False)


def run(*cmd: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command, output captured as text; raises with its stderr on failure."""
    result = subprocess.run(list(cmd), capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


@dataclass
class DhcpHost:
    """One machine's DHCP answers, keyed on its MAC (dnsmasq `dhcp-host` + tagged options).

    boot_file: option 67 / `file` (dnsmasq dhcp-boot); next_server: siaddr (default the lab);
    path_prefix: option 210 (PXELINUX path prefix); boot_url6: DHCPv6 option 59;
    options: more `dhcp-option` values for this host, e.g. {"209": '"pxelinux.cfg/x"'}."""

    mac: str
    ip: str | None = None
    boot_file: str | None = None
    next_server: str = SERVER_V4
    path_prefix: str | None = None
    boot_url6: str | None = None
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class Nic:
    """A QEMU network card on a lab tap: `str()` is scripts/qemu's --nic value."""

    model: str
    mac: str
    tap: str | None = None
    netns: str | None = None

    def __str__(self) -> str:
        fields = [self.model, self.mac]
        if self.tap:
            fields.append(f"tap={self.tap}")
        if self.netns:
            fields.append(f"netns={self.netns}")
        return ",".join(fields)


@dataclass
class LossCounters:
    """Frames `NetLab.set_loss` counted on a device: `in` = from the machine or peer
    (the device's ingress), `out` = to it (egress)."""

    seen_in: int
    dropped_in: int
    seen_out: int
    dropped_out: int


@dataclass
class Process:
    """A server the lab started (kept by pid, killed by pid)."""

    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)


class TestCA:
    """A certificate authority made with openssl at test time (EC P-256, one day)."""

    __test__ = False  # not a pytest test class

    def __init__(self, directory: Path, name: str = "swiftboot test CA"):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.key = directory / "ca.key"
        self.cert = directory / "ca.pem"
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(self.key), "-out", str(self.cert), "-days", "1",
            "-subj", f"/CN={name}",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")

    def issue(self, name: str, sans: list[str]) -> tuple[Path, Path]:
        """A server certificate for `sans` ("IP:10.77.0.1", "DNS:boot.lab"): (cert, key)."""
        key = self.directory / f"{name}.key"
        csr = self.directory / f"{name}.csr"
        cert = self.directory / f"{name}.pem"
        ext = self.directory / f"{name}.ext"
        ext.write_text(f"subjectAltName={','.join(sans)}\nextendedKeyUsage=serverAuth\n"
                       "basicConstraints=CA:FALSE\n")
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
        run("openssl", "x509", "-req", "-in", str(csr), "-CA", str(self.cert), "-CAkey", str(self.key),
            "-CAcreateserial", "-out", str(cert), "-days", "1", "-extfile", str(ext))
        return cert, key


class NetLab:
    """A namespace with bridge br0 holding the server addresses; taps, peer namespaces
    (veth on the bridge) and servers are added on demand; `close()` removes them all."""

    def __init__(self, workdir: Path, tag: str = "lab"):
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.ns = f"sbt-{tag}-{os.getpid()}-{next(_counter)}"
        self.namespaces: list[str] = []
        self.processes: list[Process] = []
        self.taps: list[str] = []
        self.peers: dict[str, str] = {}
        self.ca: TestCA | None = None
        self.dnsmasq: Process | None = None
        self.nginx: Process | None = None
        self._veths = 0
        try:
            self._add_namespace(self.ns)
            self.exec("ip", "link", "add", BRIDGE, "type", "bridge")
            # No STP, no forwarding delay: ports forward as soon as they are up.
            self.exec("ip", "link", "set", BRIDGE, "type", "bridge", "stp_state", "0", "forward_delay", "0")
            self.exec("ip", "addr", "add", f"{SERVER_V4}/{PREFIX_V4}", "dev", BRIDGE)
            self.exec("ip", "addr", "add", f"{SERVER_V6}/{PREFIX_V6}", "dev", BRIDGE, "nodad")
            self.exec("ip", "link", "set", BRIDGE, "up")
        except BaseException:
            self.close()
            raise

    # --- namespaces and devices -------------------------------------------------------

    def _add_namespace(self, name: str) -> None:
        run("ip", "netns", "add", name)
        self.namespaces.append(name)
        run("ip", "-n", name, "link", "set", "lo", "up")

    def exec(self, *cmd: str, ns: str | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        """Runs a command inside the lab namespace (or `ns`)."""
        return run("ip", "netns", "exec", ns or self.ns, *cmd, check=check, **kwargs)

    def add_tap(self) -> str:
        """A persistent tap device on the bridge for one QEMU NIC: its name."""
        tap = f"tap{len(self.taps)}"
        self.exec("ip", "tuntap", "add", "dev", tap, "mode", "tap")
        self.exec("ip", "link", "set", tap, "master", BRIDGE)
        self.exec("ip", "link", "set", tap, "up")
        self.taps.append(tap)
        return tap

    def nic(self, model: str, mac: str) -> Nic:
        """A QEMU NIC of `model` with `mac` on a new tap of this lab."""
        return Nic(model, mac, self.add_tap(), self.ns)

    def add_peer(self, name: str, ipv4: str | None = None, ipv6: str | None = None,
                 mac: str | None = None) -> str:
        """Another namespace (a test client, a second server) linked to the bridge by a
        veth pair; its end is `eth0` (addresses and MAC optional; no IPv6 duplicate
        address detection, so its link-local address is usable at once). Returns the
        namespace name; `self.peers[ns]` is the lab-side veth (for `set_loss`)."""
        ns = f"{self.ns}-{name}"
        self._add_namespace(ns)
        lab_end = f"veth{self._veths}"
        self._veths += 1
        self.exec("ip", "link", "add", lab_end, "type", "veth", "peer", "name", "eth0", "netns", ns)
        self.exec("ip", "link", "set", lab_end, "master", BRIDGE)
        self.exec("ip", "link", "set", lab_end, "up")
        self.exec("sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0", ns=ns)
        if mac:
            self.exec("ip", "link", "set", "eth0", "address", mac, ns=ns)
        if ipv4:
            self.exec("ip", "addr", "add", f"{ipv4}/{PREFIX_V4}", "dev", "eth0", ns=ns)
        if ipv6:
            self.exec("ip", "addr", "add", f"{ipv6}/{PREFIX_V6}", "dev", "eth0", "nodad", ns=ns)
        self.exec("ip", "link", "set", "eth0", "up", ns=ns)
        self.peers[ns] = lab_end
        return ns

    def set_loss(self, device: str, percent: float) -> str:
        """Drops `percent` % of the frames in each direction on a lab-side device (a tap or
        a peer's veth) with an nftables netdev table `sbtloss_<device>`: an ingress chain
        (frames from the machine or peer) and an egress chain (frames to it, bridged or
        not), each `numgen random mod 1000 < N drop` in steps of 0.1 %, with named
        counters of the frames seen and dropped (`loss_counters`). Not netem: a root
        netem qdisc acts on egress alone (ingress would need an ifb device), it reports
        no per-direction count, and some kernels (this CI host's) lack `sch_netem`.
        The netdev egress hook sees a packet before segmentation offload splits it, so
        the bridge's `gso_max_segs` is set to 1: the lab's servers then send one frame
        per packet and each frame is dropped (and counted) on its own, not a 64 KiB
        TSO burst at once. (What a peer or a guest sends with its own offloads still
        counts as one packet.) Called again, it replaces the device's table. Returns
        "nftables"."""
        self.exec("ip", "link", "set", BRIDGE, "gso_max_segs", "1")
        threshold = round(percent * 10)
        table = f"sbtloss_{device}"
        chains = []
        for name, hook in (("in", "ingress"), ("out", "egress")):
            chains.append(f"  counter seen_{name} {{ }}\n  counter dropped_{name} {{ }}\n"
                          f"  chain {name} {{ type filter hook {hook} device \"{device}\" priority 0; "
                          f"counter name \"seen_{name}\"; "
                          f"numgen random mod 1000 < {threshold} counter name \"dropped_{name}\" drop; }}\n")
        self.exec("nft", "delete", "table", "netdev", table, check=False)
        self.exec("nft", "-f", "-", input=f"table netdev {table} {{\n{''.join(chains)}}}\n")
        return "nftables"

    def set_link_cut(self, device: str, cut: bool) -> None:
        """A pulled cable: with `cut`, every frame to and from `device` is dropped (an
        nftables netdev table `sbtcut_<device>` whose chains run before `set_loss`'s,
        so the loss counters count only the frames that passed the cut); without, the
        table is deleted and the link works again."""
        table = f"sbtcut_{device}"
        self.exec("nft", "delete", "table", "netdev", table, check=False)
        if cut:
            chains = "".join(f"  chain {name} {{ type filter hook {hook} device \"{device}\" priority -10; drop; }}\n"
                             for name, hook in (("in", "ingress"), ("out", "egress")))
            self.exec("nft", "-f", "-", input=f"table netdev {table} {{\n{chains}}}\n")

    def loss_counters(self, device: str) -> LossCounters:
        """The frames `set_loss` saw and dropped on `device` so far, per direction."""
        import json
        out = self.exec("nft", "-j", "list", "counters", "table", "netdev", f"sbtloss_{device}").stdout
        packets = {item["counter"]["name"]: item["counter"]["packets"]
                   for item in json.loads(out)["nftables"] if "counter" in item}
        return LossCounters(seen_in=packets["seen_in"], dropped_in=packets["dropped_in"],
                            seen_out=packets["seen_out"], dropped_out=packets["dropped_out"])

    # --- servers -------------------------------------------------------------------------

    def _spawn(self, name: str, cmd: list[str], ready, log: Path, timeout: float = 10,
               ns: str | None = None) -> Process:
        out = open(self.workdir / f"{name}.out", "ab")
        popen = subprocess.Popen(["ip", "netns", "exec", ns or self.ns, *cmd], stdout=out, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        out.close()
        process = Process(name, popen, log)
        self.processes.append(process)
        deadline = time.monotonic() + timeout
        while not ready():
            if popen.poll() is not None:
                text = (self.workdir / f"{name}.out").read_text(errors="replace")
                raise RuntimeError(f"{name} exited with {popen.returncode}: {text.strip()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} not ready after {timeout} s")
            time.sleep(0.05)
        return process

    def _listening(self, proto: str, port: int, ns: str | None = None) -> bool:
        flag = "-lntH" if proto == "tcp" else "-lnuH"
        out = self.exec("ss", flag, check=False, ns=ns).stdout
        return any(line.split()[3].endswith(f":{port}") for line in out.splitlines() if len(line.split()) > 3)

    def start_dnsmasq(self, hosts: list[DhcpHost] = (), tftp_root: Path | None = None,
                      dhcpv6: bool = True, extra: list[str] = (), dns: dict[str, list[str]] | None = None,
                      cnames: dict[str, str] | None = None, domain: str | None = None,
                      lease6: str = "1h") -> Process:
        """dnsmasq on br0: DHCPv4 (10.77.0.100-199), DHCPv6 (fd77::100-1ff, with router
        advertisements), TFTP from `tftp_root`, one `dhcp-host` + tagged boot options per
        host. No DNS (port=0) unless `dns` is given: then a DNS server on br0's addresses
        answering only from its own records (`host-record` NAME → addresses, `cname` alias
        → target; no upstream, no /etc/hosts), announced by DHCP (option 6 / DHCPv6 23),
        with `domain` as option 15 and answered locally (`local=/domain/`: unknown names
        there are NXDOMAIN). Config: workdir/dnsmasq.conf, log: workdir/dnsmasq.log,
        leases: workdir/dnsmasq.leases. `lease6`: the DHCPv6 lease time (dnsmasq's minimum
        is 2m; T1 is half of it)."""
        if self.dnsmasq is not None:
            raise RuntimeError("dnsmasq already runs in this lab")
        log = self.workdir / "dnsmasq.log"
        leases = self.workdir / "dnsmasq.leases"
        if dns is None:
            dns_lines = ["port=0"]
        else:
            dns_lines = ["no-resolv", "no-hosts", "log-queries"]
            dns_lines += [f"host-record={name},{','.join(addresses)}" for name, addresses in dns.items()]
            dns_lines += [f"cname={alias},{target}" for alias, target in (cnames or {}).items()]
            if domain is not None:
                dns_lines += [f"domain={domain}", f"local=/{domain}/"]
        lines = [
            *dns_lines, f"interface={BRIDGE}", "bind-interfaces", "user=root", "group=root",
            f"log-facility={log}", "log-dhcp", f"dhcp-leasefile={leases}",
            f"dhcp-range=10.77.0.100,10.77.0.199,255.255.255.0,1h",
            "dhcp-authoritative", "no-ping",
        ]
        if dhcpv6:
            lines += ["enable-ra", f"dhcp-range=fd77::100,fd77::1ff,64,{lease6}"]
        if tftp_root is not None:
            lines += ["enable-tftp", f"tftp-root={tftp_root}"]
        for index, host in enumerate(hosts):
            tag = f"h{index}"
            # dhcp-mac tags DHCPv4 and DHCPv6 requests alike (a dhcp-host with an IPv4
            # address alone gives DHCPv6 only "known-othernet").
            lines.append(f"dhcp-mac=set:{tag},{host.mac}")
            if host.ip is not None:
                lines.append(f"dhcp-host={host.mac},{host.ip}")
            if host.boot_file is not None:
                lines.append(f"dhcp-boot=tag:{tag},{host.boot_file},,{host.next_server}")
            if host.path_prefix is not None:
                lines.append(f"dhcp-option-force=tag:{tag},210,\"{host.path_prefix}\"")
            if host.boot_url6 is not None:
                lines.append(f"dhcp-option=tag:{tag},option6:bootfile-url,{host.boot_url6}")
            for code, value in host.options.items():
                lines.append(f"dhcp-option-force=tag:{tag},{code},{value}")
        lines += list(extra)
        conf = self.workdir / "dnsmasq.conf"
        conf.write_text("\n".join(lines) + "\n")
        self.dnsmasq = self._spawn("dnsmasq", ["dnsmasq", "--keep-in-foreground", f"--conf-file={conf}",
                                               "--pid-file"], lambda: self._listening("udp", 67), log)
        return self.dnsmasq

    def start_proxy_dhcp(self, hosts: list[DhcpHost], address: str = "10.77.0.2") -> Process:
        """A second dnsmasq in proxy-DHCP mode (`dhcp-range=…,proxy`) in a peer namespace
        "proxy" at `address` on the bridge: it gives PXE clients (option 60 PXEClient) only
        boot data (`dhcp-boot` per host), no addresses — beside the lab's dnsmasq.
        Config and log: workdir/proxy-dnsmasq.{conf,log}."""
        ns = self.add_peer("proxy", ipv4=address)
        log = self.workdir / "proxy-dnsmasq.log"
        lines = ["port=0", "interface=eth0", "bind-interfaces", "user=root", "group=root",
                 f"log-facility={log}", "log-dhcp", "leasefile-ro",
                 f"dhcp-range={address.rsplit('.', 1)[0]}.0,proxy,255.255.255.0"]
        for index, host in enumerate(hosts):
            tag = f"h{index}"
            lines.append(f"dhcp-mac=set:{tag},{host.mac}")
            if host.boot_file is not None:
                lines.append(f"dhcp-boot=tag:{tag},{host.boot_file},,{host.next_server}")
                lines.append(f"pxe-service=tag:{tag},x86PC,\"swiftboot lab\",{host.boot_file.rsplit('.', 1)[0]},"
                             f"{host.next_server}")
        conf = self.workdir / "proxy-dnsmasq.conf"
        conf.write_text("\n".join(lines) + "\n")
        return self._spawn("proxy-dnsmasq", ["dnsmasq", "--keep-in-foreground", f"--conf-file={conf}",
                                             "--pid-file"], lambda: self._listening("udp", 67, ns=ns), log, ns=ns)

    def dhcp_probe(self, ns: str, family: str, mac: str, seconds: float = 3) -> list[dict]:
        """Runs tests/system/dhcpprobe.py in namespace `ns` (eth0 with `mac`): the DHCPv4
        OFFERs (family "v4") or DHCPv6 ADVERTISEs ("v6") that arrived, as dicts."""
        import json
        probe = Path(__file__).with_name("dhcpprobe.py")
        out = self.exec("python3", str(probe), family, "eth0", mac, str(seconds), ns=ns).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def stop_dnsmasq(self) -> None:
        """"DHCP server down": dnsmasq is stopped (started again by start_dnsmasq)."""
        if self.dnsmasq is not None:
            self.dnsmasq.stop()
            self.dnsmasq = None

    def make_ca(self) -> TestCA:
        """The lab's test CA (made once) in workdir/ca."""
        if self.ca is None:
            self.ca = TestCA(self.workdir / "ca")
        return self.ca

    def start_nginx(self, docroot: Path, https: bool = True, cert: tuple[Path, Path] | None = None) -> Process:
        """nginx serving `docroot` on http://10.77.0.1/ and http://[fd77::1]/, and with
        `https` on port 443 too, with `cert` (cert, key) or one the lab's test CA issues
        for IP:10.77.0.1, IP:fd77::1 and DNS:boot.lab. Range requests are nginx's own."""
        if self.nginx is not None:
            raise RuntimeError("nginx already runs in this lab")
        prefix = self.workdir / "nginx"
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        log = prefix / "error.log"
        tls = ""
        if https:
            certificate, key = cert or self.make_ca().issue("server", [f"IP:{SERVER_V4}", f"IP:{SERVER_V6}",
                                                                      "DNS:boot.lab"])
            tls = (f"    server {{\n"
                   f"        listen {SERVER_V4}:443 ssl;\n        listen [{SERVER_V6}]:443 ssl;\n"
                   f"        ssl_certificate {certificate};\n        ssl_certificate_key {key};\n"
                   f"        root {docroot};\n    }}\n")
        conf = prefix / "nginx.conf"
        conf.write_text(
            "daemon off;\nmaster_process on;\nuser root;\nworker_processes 1;\n"
            f"pid {prefix}/nginx.pid;\nerror_log {log} info;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            f"    access_log {prefix}/access.log;\n"
            f"    client_body_temp_path {prefix}/tmp;\n"
            "    default_type application/octet-stream;\n"
            "    sendfile on;\n"
            "    server {\n"
            f"        listen {SERVER_V4}:80;\n        listen [{SERVER_V6}]:80;\n"
            f"        root {docroot};\n    }}\n"
            f"{tls}"
            "}\n")
        ports = [80, 443] if https else [80]
        self.nginx = self._spawn("nginx", ["nginx", "-p", str(prefix), "-e", str(log), "-c", str(conf)],
                                 lambda: all(self._listening("tcp", p) for p in ports), log)
        return self.nginx

    def stop_nginx(self) -> None:
        if self.nginx is not None:
            self.nginx.stop()
            self.nginx = None

    # --- teardown --------------------------------------------------------------------------

    @staticmethod
    def reap_stale(tag: str = "lab") -> list[str]:
        """Deletes the namespaces `sbt-<tag>-<pid>-…` whose creating process `pid` is gone
        (a test run killed before its finalizers ran), killing what still runs in them.
        Returns their names."""
        out = run("ip", "netns", "list", check=False).stdout
        stale = []
        for line in out.splitlines():
            name = line.split()[0] if line.split() else ""
            match = re.fullmatch(rf"sbt-{re.escape(tag)}-(\d+)-\d+(?:-.+)?", name)
            if not match or os.path.exists(f"/proc/{match.group(1)}"):
                continue
            for pid in run("ip", "netns", "pids", name, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run("ip", "netns", "del", name, check=False)
            stale.append(name)
        return stale

    def close(self) -> None:
        """Stops every server (by pid), then deletes the namespaces (their taps, veths and
        bridge go with them). Safe to call twice."""
        errors = []
        for process in reversed(self.processes):
            try:
                process.stop()
            except Exception as error:  # keep tearing down
                errors.append(f"{process.name}: {error}")
        self.processes.clear()
        self.dnsmasq = self.nginx = None
        for ns in reversed(self.namespaces):
            # Anything still running in it (a client's udhcpc) is killed by pid first.
            pids = run("ip", "netns", "pids", ns, check=False).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            result = run("ip", "netns", "del", ns, check=False)
            if result.returncode != 0:
                errors.append(f"ip netns del {ns}: {result.stderr.strip()}")
        self.namespaces.clear()
        if errors:
            raise RuntimeError("lab teardown: " + "; ".join(errors))
