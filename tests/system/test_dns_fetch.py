"""Host tests of the DNS resolver and of HTTPS certificate names, with `swiftboot fetch`
in a network namespace of the test's own (sbt-dns-<pid>): dnsmasq as the DNS server
(host records, CNAMEs, a local domain; no upstream), nginx with certificates a test CA
issues now: one naming only a DNS name, one naming only IP addresses, one naming
another IP. Everything listens on the namespace's `lo` (10.77.6.1, fd77:6::1); the
namespace and its servers go away after the module, also on failure. Needs root.
"""
import os
import subprocess
import time
from pathlib import Path

import pytest

from netlab import HostLab, TestCA

REPO = Path(__file__).resolve().parents[2]
V4 = "10.77.6.1"
V6 = "fd77:6::1"
SILENT = "10.77.6.2"  # an address with no DNS server behind it
DOMAIN = "lab.example"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root")


def binary() -> Path:
    return Path(os.environ.get("SWIFTBOOT_BIN", REPO / "build" / "swiftboot"))


class Lab(HostLab):
    def __init__(self, root: Path):
        super().__init__(root, f"sbt-dns-{os.getpid()}")
        self.files = root / "files"

    def setup(self):
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        self.run("ip", "link", "set", "lo", "up")
        for a in (V4, SILENT):
            self.run("ip", "addr", "add", f"{a}/32", "dev", "lo")
        self.run("ip", "addr", "add", f"{V6}/128", "dev", "lo", "nodad")
        self.files.mkdir()
        (self.files / "small.bin").write_bytes(os.urandom(100_000))
        self.ca = TestCA(self.root / "ca")
        certs = {
            443: self.ca.issue("by-name", [f"DNS:boot.{DOMAIN}"]),
            8443: self.ca.issue("by-ip", [f"IP:{V4}", f"IP:{V6}"]),
            9443: self.ca.issue("other-ip", ["IP:10.77.6.9", f"DNS:boot.{DOMAIN}"]),
        }
        self.start("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                   f"--listen-address={V4}", "--bind-interfaces", "--user=root", "--log-queries",
                   f"--pid-file={self.root / 'dnsmasq.pid'}", "--log-facility=-", "--local-ttl=60",
                   f"--domain={DOMAIN}", f"--local=/{DOMAIN}/",
                   f"--host-record=boot.{DOMAIN},{V4}", f"--host-record=v6only.{DOMAIN},{V6}",
                   f"--cname=provision.{DOMAIN},boot.{DOMAIN}", f"--cname=www.{DOMAIN},provision.{DOMAIN}",
                   log="dnsmasq.out")
        servers = "".join(
            f"    server {{ listen {V4}:{port} ssl; listen [{V6}]:{port} ssl; ssl_certificate {c}; "
            f"ssl_certificate_key {k}; root {self.files}; }}\n" for port, (c, k) in certs.items())
        r = self.root
        (r / "nginx").mkdir()
        (r / "nginx.conf").write_text(
            f"user root;\ndaemon off;\nworker_processes 1;\npid {r}/nginx.pid;\nerror_log {r}/nginx-error.log;\n"
            "events { worker_connections 64; }\n"
            f"http {{\n    access_log {r}/nginx-access.log;\n    client_body_temp_path {r}/nginx/body;\n"
            f"    proxy_temp_path {r}/nginx/proxy;\n    fastcgi_temp_path {r}/nginx/fastcgi;\n"
            f"    uwsgi_temp_path {r}/nginx/uwsgi;\n    scgi_temp_path {r}/nginx/scgi;\n"
            "    default_type application/octet-stream;\n"
            f"    server {{ listen {V4}:80; listen [{V6}]:80; root {self.files}; }}\n{servers}}}\n")
        self.start("nginx", "-c", str(r / "nginx.conf"), "-e", str(r / "nginx-error.log"), log="nginx.out")
        deadline = time.monotonic() + 15
        want = [("udp", 53), ("tcp", 80), ("tcp", 443), ("tcp", 8443), ("tcp", 9443)]
        while time.monotonic() < deadline:
            out = self.run("ss", "-ltnu", "-H", capture_output=True, text=True).stdout
            if all(any(l.startswith(p) and f":{n} " in l for l in out.splitlines()) for p, n in want):
                return
            time.sleep(0.2)
        raise RuntimeError(f"servers not listening in {self.ns}: {out}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp("dns"))
    try:
        lab.setup()
        yield lab
    finally:
        lab.stop()


def fetch(lab: Lab, url: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    return lab.run(str(binary()), "fetch", url, "-o", str(out), "--ca", str(lab.ca.cert), *args,
                   check=False, capture_output=True, text=True, timeout=60)


def fetched(lab: Lab, r: subprocess.CompletedProcess, out: Path) -> bool:
    assert r.returncode == 0, r.stderr
    return out.read_bytes() == (lab.files / "small.bin").read_bytes()


def test_http_by_host_name(lab, tmp_path):
    r = fetch(lab, f"http://boot.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4)
    assert fetched(lab, r, tmp_path / "x")
    assert f"dns: boot.{DOMAIN}: boot.{DOMAIN} is {V4}" in r.stderr


def test_single_label_name_with_search_domain_and_cname_chain(lab, tmp_path):
    r = fetch(lab, "http://www/small.bin", tmp_path / "x", "--dns", V4, "--search", DOMAIN)
    assert fetched(lab, r, tmp_path / "x")
    assert f"dns: www: www.{DOMAIN} (alias of boot.{DOMAIN}) is {V4}" in r.stderr


def test_name_with_only_an_ipv6_address(lab, tmp_path):
    r = fetch(lab, f"http://v6only.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4)
    assert fetched(lab, r, tmp_path / "x")
    assert f"is {V6}" in r.stderr


def test_tftp_url_by_host_name_fails_only_at_tftp(lab, tmp_path):
    # No TFTP server here: the name resolves, then the TFTP request times out (not a DNS error).
    r = fetch(lab, f"tftp://boot.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4, "--read-timeout", "1",
              "--timeout", "4")
    assert r.returncode == 1
    assert f"dns: boot.{DOMAIN}: boot.{DOMAIN} is {V4}" in r.stderr and "cannot resolve" not in r.stderr


def test_unknown_name_names_host_and_servers(lab, tmp_path):
    r = fetch(lab, f"http://missing.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4)
    assert r.returncode == 1
    assert (f"http://missing.{DOMAIN}/small.bin: cannot resolve host 'missing.{DOMAIN}': "
            f"no such host (tried missing.{DOMAIN}) [asked {V4}]") in r.stderr, r.stderr
    assert not (tmp_path / "x").exists()


def test_silent_server_is_a_bounded_timeout_then_the_next_server(lab, tmp_path):
    start = time.monotonic()
    r = fetch(lab, f"http://boot.{DOMAIN}/small.bin", tmp_path / "x", "--dns", SILENT, "--connect-timeout", "3")
    took = time.monotonic() - start
    assert r.returncode == 1
    assert f"cannot resolve host 'boot.{DOMAIN}': no answer from the DNS servers within 3 s (timeout) " \
           f"[asked {SILENT}]" in r.stderr, r.stderr
    assert took < 8, took
    # With a working server after the silent one, the name resolves after the first wait.
    r = fetch(lab, f"http://boot.{DOMAIN}/small.bin", tmp_path / "y", "--dns", SILENT, "--dns", V4)
    assert fetched(lab, r, tmp_path / "y")


def test_no_dns_server_is_a_clear_error(lab, tmp_path):
    r = fetch(lab, f"http://boot.{DOMAIN}/small.bin", tmp_path / "x")
    assert r.returncode == 1
    assert f"cannot resolve host 'boot.{DOMAIN}': no DNS server" in r.stderr, r.stderr


def test_https_by_host_name_with_a_dns_name_certificate(lab, tmp_path):
    r = fetch(lab, f"https://boot.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4)
    assert fetched(lab, r, tmp_path / "x")


def test_https_by_alias_checks_the_url_host_name(lab, tmp_path):
    # provision is a CNAME of boot, but the certificate names boot only: refused (the TLS
    # name check uses the URL's host, not the canonical name DNS gave).
    r = fetch(lab, f"https://provision.{DOMAIN}/small.bin", tmp_path / "x", "--dns", V4)
    assert r.returncode == 1
    assert "certificate not trusted" in r.stderr and "CN" in r.stderr, r.stderr


@pytest.mark.parametrize("host", [V4, f"[{V6}]"])
def test_https_by_ip_address_with_an_ip_address_certificate(lab, tmp_path, host):
    r = fetch(lab, f"https://{host}:8443/small.bin", tmp_path / "x")
    assert fetched(lab, r, tmp_path / "x")


def test_https_by_ip_address_refuses_a_certificate_for_another_address(lab, tmp_path):
    r = fetch(lab, f"https://{V4}:9443/small.bin", tmp_path / "x")
    assert r.returncode == 1
    assert (f"https://{V4}:9443/small.bin: certificate not trusted by CA file {lab.ca.cert}: the certificate "
            f"does not name IP address {V4} (its subjectAltName: IP:10.77.6.9, DNS:boot.{DOMAIN})") in r.stderr, r.stderr
    assert not (tmp_path / "x").exists()


def test_https_by_ip_address_refuses_a_dns_name_certificate(lab, tmp_path):
    r = fetch(lab, f"https://{V4}:443/small.bin", tmp_path / "x")
    assert r.returncode == 1
    assert f"does not name IP address {V4} (its subjectAltName: DNS:boot.{DOMAIN})" in r.stderr, r.stderr
