"""Network boot by host name, and HTTPS certificate names, end to end: swiftboot as PID 1
in QEMU on a network lab of the test's own (sbt-dns-<pid>-<n>) where dnsmasq is also the
DNS server (host records, a CNAME, domain lab.example as DHCP option 15) and nginx serves
HTTP and HTTPS with certificates the lab's test CA issues now."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from pexpect import TIMEOUT

from netlab import SERVER_V4, SERVER_V6, DhcpHost, NetLab
from test_netboot import MAC, boot, ca_initrd, serve

DOMAIN = "lab.example"
BOOT = f"boot.{DOMAIN}"


@pytest.fixture
def dnslab(tmp_path):
    """A `netlab.NetLab` tagged "dns" (namespaces sbt-dns-<pid>-<n>), removed after the test."""
    if os.geteuid() != 0:
        pytest.skip("network namespaces, taps and servers need root")
    NetLab.reap_stale("dns")
    lab = NetLab(tmp_path / "netlab", tag="dns")
    try:
        yield lab
    finally:
        lab.close()


def start_dns_dhcp(lab: NetLab, boot_file: str) -> None:
    """dnsmasq: this machine's boot file, DNS for boot.lab.example (v4 and v6) and the
    alias provision.lab.example, domain lab.example."""
    lab.start_dnsmasq([DhcpHost(MAC, boot_file=boot_file)], dhcpv6=False,
                      dns={BOOT: [SERVER_V4, SERVER_V6]}, cnames={f"provision.{DOMAIN}": BOOT}, domain=DOMAIN)


def test_boot_file_url_and_ipxe_chain_by_host_name(built, machine, dnslab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("dns-http"))
    # A single-label name (completed with option 15's domain) that is a CNAME of boot.
    (www / "boot.ipxe").write_text("#!ipxe\nchain http://provision/machine.ipxe\n")
    (www / "machine.ipxe").write_text(
        "#!ipxe\n"
        f"kernel http://{BOOT}/vmlinuz console=ttyS0 panic=-1 via=dns\n"
        f"initrd http://{BOOT}/dns-http.img\n"
        "boot\n")
    dnslab.start_nginx(www, https=False)
    start_dns_dhcp(dnslab, f"http://{BOOT}/boot.ipxe")
    m = boot(machine, dnslab)
    m.expect(rf"kexec: booting [^\r\n]*kernel=http://boot\.lab\.example/vmlinuz "
             rf"initrds=http://boot\.lab\.example/dns-http\.img", timeout=150)
    report = m.wait_target()
    assert report.name == "dns-http"
    assert "via=dns" in report.cmdline


def test_https_by_host_name_with_a_dns_name_certificate(built, machine, dnslab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("dns-https"))
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        f"kernel https://{BOOT}/vmlinuz console=ttyS0 panic=-1 tls=name\n"
        f"initrd https://{BOOT}/dns-https.img\n"
        "boot\n")
    ca = dnslab.make_ca()
    dnslab.start_nginx(www, https=True, cert=ca.issue("by-name", [f"DNS:{BOOT}"]))
    start_dns_dhcp(dnslab, f"https://{BOOT}/boot.ipxe")
    m = boot(machine, dnslab, "swiftboot.ca=/etc/test-ca.pem", initrd=ca_initrd(built, tmp_path, ca.cert))
    report = m.wait_target()
    assert report.name == "dns-https"
    assert "tls=name" in report.cmdline


def test_https_by_ip_refuses_a_certificate_for_another_ip(built, machine, dnslab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("wrong-ip"))
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        f"kernel https://{SERVER_V4}/vmlinuz console=ttyS0 panic=-1\n"
        f"initrd https://{SERVER_V4}/wrong-ip.img\n"
        "boot\n")
    ca = dnslab.make_ca()
    # Trusted CA, but the certificate is for 10.77.0.9 (and names 10.77.0.1 nowhere).
    dnslab.start_nginx(www, https=True, cert=ca.issue("other-ip", ["IP:10.77.0.9"]))
    dnslab.start_dnsmasq([DhcpHost(MAC, boot_file=f"https://{SERVER_V4}/boot.ipxe")], dhcpv6=False)
    m = boot(machine, dnslab, "swiftboot.ca=/etc/test-ca.pem", initrd=ca_initrd(built, tmp_path, ca.cert))
    # The menu stays: the group shows the failure in its place, nothing boots.
    m.expect(r"error: eth0: cannot fetch https://10\.77\.0\.1/boot\.ipxe: certificate not", timeout=150)
    assert m.child.expect([r"SWIFTBOOT-TARGET", TIMEOUT], timeout=5) == 1
    # The log (wrapped at 80 columns) says which address the certificate names instead.
    m.send_keys("l")
    m.expect(r"IP:10\.77\.0\.9\)", timeout=30)
