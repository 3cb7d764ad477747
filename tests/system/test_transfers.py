"""Host tests of `swiftboot fetch` (TFTP, HTTP/1.1, HTTPS) against real servers in a
network namespace of the test's own: dnsmasq (TFTP), nginx (HTTP and HTTPS with a test
CA made by openssl now), and tests/system/transfer_servers.py for chunked bodies, dropped
connections, a silent server and TFTP windowsize. Everything listens on the namespace's
`lo` with 10.77.9.1 and fd77:9::1; the namespace, its servers and files go away after
the module, also on failure. Needs root.

The binary is $SWIFTBOOT_BIN, else build/swiftboot (scripts/build makes it).
"""
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netlab import HostLab

REPO = Path(__file__).resolve().parents[2]
V4 = "10.77.9.1"
V6 = "fd77:9::1"
SIZES = {"empty.bin": 0, "one.bin": 1, "block.bin": 1468, "block1.bin": 1469, "small.bin": 100_000,
         "big.bin": 5 * 1024 * 1024 + 123}

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root")


def binary() -> Path:
    env = os.environ.get("SWIFTBOOT_BIN")
    if env:
        return Path(env)
    path = REPO / "build" / "swiftboot"
    if not path.exists():
        subprocess.run([str(REPO / "scripts" / "build")], check=True)
    return path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Lab(HostLab):
    """The namespace, its servers and the files they serve."""

    def __init__(self, root: Path):
        super().__init__(root, f"sbt-xfer-{os.getpid()}")
        self.files = root / "files"
        self.http_log = root / "http.log"
        self.tftp_log = root / "tftp.log"

    def setup(self):
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        self.run("ip", "link", "set", "lo", "up")
        self.run("ip", "addr", "add", f"{V4}/32", "dev", "lo")
        self.run("ip", "addr", "add", f"{V6}/128", "dev", "lo", "nodad")
        self.files.mkdir()
        for name, size in SIZES.items():
            (self.files / name).write_bytes(os.urandom(size))
        self.make_certificates()
        self.start_dnsmasq()
        self.start_nginx()
        self.start("python3", str(Path(__file__).parent / "transfer_servers.py"), "http", V4, "8080",
                   str(self.files), str(self.http_log), log="pyhttp.out")
        self.start("python3", str(Path(__file__).parent / "transfer_servers.py"), "flaky", V4, "8081",
                   str(self.files), str(self.http_log), log="pyflaky.out")
        self.start("python3", str(Path(__file__).parent / "transfer_servers.py"), "tftp", V4, "6969",
                   str(self.files), str(self.tftp_log), log="pytftp.out")
        self.wait_ports([("tcp", 80), ("tcp", 443), ("tcp", 8443), ("tcp", 8080), ("tcp", 8081), ("udp", 69), ("udp", 6969)])

    def wait_ports(self, ports):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            out = self.run("ss", "-ltnu", "-H", capture_output=True, text=True).stdout
            if all(any(line.startswith(proto) and f":{port} " in line for line in out.splitlines())
                   for proto, port in ports):
                return
            time.sleep(0.2)
        raise RuntimeError(f"servers not listening in {self.ns}:\n{out}\n" +
                           "\n".join(f"{p.name}: {p.read_text()[-2000:]}" for p in self.root.glob("*.out")))

    def openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=self.root)

    def make_certificates(self):
        """A test CA, a server certificate for boot.test signed by it, and one made by a
        CA the client does not know."""
        for ca in ("ca", "rogue-ca"):
            self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-days", "2", "-subj", f"/CN=swiftboot {ca}")
        for name, ca in (("server", "ca"), ("rogue", "rogue-ca")):
            self.openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", "/CN=boot.test")
            (self.root / f"{name}.ext").write_text("subjectAltName=DNS:boot.test\n")
            self.openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
                         "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")

    def start_dnsmasq(self):
        self.start("dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0", "--enable-tftp",
                   f"--tftp-root={self.files}", "--interface=lo", "--bind-interfaces", "--user=root",
                   f"--pid-file={self.root / 'dnsmasq.pid'}", "--log-facility=-", log="dnsmasq.out")

    def start_nginx(self):
        r = self.root
        (r / "nginx").mkdir()
        conf = r / "nginx.conf"
        conf.write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {r}/nginx.pid;
error_log {r}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log {r}/nginx-access.log;
    client_body_temp_path {r}/nginx/body;
    proxy_temp_path {r}/nginx/proxy;
    fastcgi_temp_path {r}/nginx/fastcgi;
    uwsgi_temp_path {r}/nginx/uwsgi;
    scgi_temp_path {r}/nginx/scgi;
    default_type application/octet-stream;
    server {{
        listen {V4}:80;
        listen [{V6}]:80;
        listen {V4}:443 ssl;
        server_name boot.test;
        ssl_certificate {r}/server.pem;
        ssl_certificate_key {r}/server.key;
        root {self.files};
        location = /r1 {{ return 301 /r2; }}
        location = /r2 {{ return 302 http://{V4}/r3; }}
        location = /r3 {{ return 303 r4; }}
        location = /r4 {{ return 307 /sub/../r5; }}
        location = /r5 {{ return 308 /small.bin; }}
        location = /loop {{ return 302 /loop; }}
    }}
    server {{
        listen {V4}:8443 ssl;
        ssl_certificate {r}/rogue.pem;
        ssl_certificate_key {r}/rogue.key;
        root {self.files};
    }}
}}
""")
        self.start("nginx", "-c", str(conf), "-p", str(r / "nginx"), log="nginx.out")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    lab = Lab(tmp_path_factory.mktemp("xfer"))
    try:
        lab.setup()
        yield lab
    finally:
        lab.stop()


def fetch(lab: Lab, url: str, out: Path, *args: str, timeout: float = 120):
    """Runs `swiftboot fetch` in the namespace; returns the CompletedProcess."""
    return lab.run(str(binary()), "fetch", *args, url, "-o", str(out), check=False,
                   capture_output=True, text=True, timeout=timeout)


def assert_same(lab: Lab, name: str, out: Path, result):
    assert result.returncode == 0, result.stderr
    assert sha256(out) == sha256(lab.files / name), f"{name}: wrong bytes"


@pytest.mark.parametrize("name", sorted(SIZES))
def test_tftp_dnsmasq_sizes(lab, tmp_path, name):
    out = tmp_path / name
    assert_same(lab, name, out, fetch(lab, f"tftp://{V4}/{name}", out))


def test_tftp_ipv6_and_blksize(lab, tmp_path):
    out = tmp_path / "big"
    assert_same(lab, "big.bin", out, fetch(lab, f"tftp://[{V6}]/big.bin", out, "--blksize", "1024"))


def test_tftp_windowsize_with_a_lost_block(lab, tmp_path):
    """The Python server grants windowsize 8 and drops block 3 of the first window once:
    the client must acknowledge block 2 and take the resent blocks."""
    out = tmp_path / "big"
    r = fetch(lab, f"tftp://{V4}:6969/big.bin", out, "--windowsize", "8")
    assert_same(lab, "big.bin", out, r)
    log = lab.tftp_log.read_text()
    assert "('windowsize', '8')" in log and "('blksize', '1468')" in log and "('tsize', '0')" in log
    assert "TFTP dropped block 3" in log


def test_tftp_missing_file(lab, tmp_path):
    r = fetch(lab, f"tftp://{V4}/nope.bin", tmp_path / "x")
    assert r.returncode == 1
    assert f"tftp://{V4}/nope.bin" in r.stderr and "TFTP error 1" in r.stderr, r.stderr


@pytest.mark.parametrize("host", [V4, f"[{V6}]"])
@pytest.mark.parametrize("name", ["empty.bin", "small.bin", "big.bin"])
def test_http_content_length(lab, tmp_path, host, name):
    out = tmp_path / name
    assert_same(lab, name, out, fetch(lab, f"http://{host}/{name}", out))


def test_http_chunked_with_trailer(lab, tmp_path):
    out = tmp_path / "big"
    assert_same(lab, "big.bin", out, fetch(lab, f"http://{V4}:8080/chunked/big.bin", out))


def test_http_redirect_chain(lab, tmp_path):
    """301 → 302 (absolute) → 303 (relative) → 307 (dot segments) → 308 → the file."""
    out = tmp_path / "small"
    assert_same(lab, "small.bin", out, fetch(lab, f"http://{V4}/r1", out))


def test_http_redirect_loop_stops(lab, tmp_path):
    r = fetch(lab, f"http://{V4}/loop", tmp_path / "x")
    assert r.returncode == 1
    assert f"http://{V4}/loop" in r.stderr and "more than 10 redirects" in r.stderr, r.stderr


def test_http_404(lab, tmp_path):
    r = fetch(lab, f"http://{V4}/missing", tmp_path / "x")
    assert r.returncode == 1
    assert f"http://{V4}/missing" in r.stderr and "HTTP 404" in r.stderr, r.stderr


def test_http_resume_after_dropped_connection(lab, tmp_path):
    out = tmp_path / "big"
    assert_same(lab, "big.bin", out, fetch(lab, f"http://{V4}:8080/drop/big.bin", out))
    half = SIZES["big.bin"] // 2
    assert f"GET /drop/big.bin range=bytes={half}- if-range=\"v1\"" in lab.http_log.read_text()


def test_resume_after_the_server_refused_reconnections(lab, tmp_path):
    """The server drops the connection mid-body and refuses connections for 2.5 s: the
    reconnections are tried again (1 s, then 2 s later) until one gets the rest (206)."""
    out = tmp_path / "big"
    r = fetch(lab, f"http://{V4}:8081/big.bin", out)
    assert_same(lab, "big.bin", out, r)
    assert "resuming with Range (1/5)" in r.stderr, r.stderr
    assert "reconnecting failed (connection to" in r.stderr and "Connection refused" in r.stderr, r.stderr
    half = SIZES["big.bin"] // 2
    log = lab.http_log.read_text()
    assert "FLAKY down for 2.5 s" in log and f"FLAKY GET /big.bin range=bytes={half}-" in log, log


def test_resume_is_bounded(lab, tmp_path):
    """A server that drops every connection halfway: 5 resumes, then a clear error."""
    r = fetch(lab, f"http://{V4}:8080/dropalways/big.bin", tmp_path / "x")
    assert r.returncode == 1
    assert f"http://{V4}:8080/dropalways/big.bin: connection closed after" in r.stderr, r.stderr
    assert f"of {SIZES['big.bin']} bytes" in r.stderr and "resuming with Range (5/5)" in r.stderr, r.stderr
    assert lab.http_log.read_text().count("GET /dropalways/big.bin") == 6


def test_connection_refused(lab, tmp_path):
    r = fetch(lab, f"http://{V4}:9/x", tmp_path / "x")
    assert r.returncode == 1
    assert f"http://{V4}:9/x" in r.stderr and "Connection refused" in r.stderr, r.stderr


def test_read_timeout(lab, tmp_path):
    start = time.monotonic()
    r = fetch(lab, f"http://{V4}:8080/silent", tmp_path / "x", "--read-timeout", "2")
    assert r.returncode == 1
    assert "timeout" in r.stderr and f"http://{V4}:8080/silent" in r.stderr, r.stderr
    assert time.monotonic() - start < 20


def test_progress_line_on_stderr(lab, tmp_path):
    out = tmp_path / "big"
    r = fetch(lab, f"http://{V4}/big.bin", out, "--progress")
    assert_same(lab, "big.bin", out, r)
    # text=True turns the "\r" between redraws into line ends: the last one is the end.
    last = r.stderr.strip().splitlines()[-1]
    assert "100%" in last and "5.0 MiB/5.0 MiB" in last and "/s" in last, repr(last)


def test_https_with_test_ca(lab, tmp_path):
    out = tmp_path / "big"
    r = fetch(lab, "https://boot.test/big.bin", out, "--resolve", f"boot.test={V4}",
              "--ca", str(lab.root / "ca.pem"))
    assert_same(lab, "big.bin", out, r)


def test_https_untrusted_certificate(lab, tmp_path):
    ca = lab.root / "ca.pem"
    r = fetch(lab, "https://boot.test:8443/small.bin", tmp_path / "x", "--resolve", f"boot.test={V4}", "--ca", str(ca))
    assert r.returncode == 1
    assert "https://boot.test:8443/small.bin" in r.stderr, r.stderr
    assert f"certificate not trusted by CA file {ca}" in r.stderr, r.stderr
    assert not (tmp_path / "x").exists()


def test_https_wrong_host_name(lab, tmp_path):
    ca = lab.root / "ca.pem"
    r = fetch(lab, "https://other.test/small.bin", tmp_path / "x", "--resolve", f"other.test={V4}", "--ca", str(ca))
    assert r.returncode == 1
    assert f"certificate not trusted by CA file {ca}" in r.stderr and "CN" in r.stderr, r.stderr


def test_https_missing_ca_file(lab, tmp_path):
    r = fetch(lab, "https://boot.test/small.bin", tmp_path / "x", "--resolve", f"boot.test={V4}",
              "--ca", "/nonexistent/ca.pem")
    assert r.returncode == 1
    assert "CA file /nonexistent/ca.pem" in r.stderr, r.stderr


@pytest.mark.skipif(not os.environ.get("SWIFTBOOT_XFER_BENCH"), reason="set SWIFTBOOT_XFER_BENCH=1 to measure")
@pytest.mark.parametrize("scheme", ["http", "https", "tftp"])
def test_measure_200mib(lab, tmp_path, scheme):
    """MiB/s of a 200 MiB file in the namespace (printed; run with -s)."""
    big = lab.files / "200m.bin"
    if not big.exists():
        with open(big, "wb") as f:
            for _ in range(200):
                f.write(os.urandom(1 << 20))
    out = tmp_path / "200m"
    start = time.monotonic()
    if scheme == "https":
        r = fetch(lab, "https://boot.test/200m.bin", out, "--resolve", f"boot.test={V4}",
                  "--ca", str(lab.root / "ca.pem"), timeout=900)
    else:
        r = fetch(lab, f"{scheme}://{V4}/200m.bin", out, timeout=900)
    took = time.monotonic() - start
    assert_same(lab, "200m.bin", out, r)
    print(f"\n{scheme}: 200 MiB in {took:.2f} s = {200 / took:.1f} MiB/s", file=sys.stderr)
