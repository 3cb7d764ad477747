"""Network boot end to end: swiftboot as PID 1 in QEMU on the network lab's bridge
(tests/system/netlab.py: dnsmasq as DHCPv4/DHCPv6 and TFTP server, nginx for HTTP and
HTTPS with a test CA), no disk: the network group's default boots, and the test target
reports what it was booted with. Payload: build/ (the cloud kernel has virtio_net)."""
from __future__ import annotations

import shutil
import time
from pexpect import TIMEOUT
import subprocess
from pathlib import Path

from diskimage import LINUX_DATA, Filesystem, Partition
from netboot_trees import (grub_entry, grub_tree, hyphens, ipxe_boot, ipxe_chain_tree, pxelinux_label,
                           pxelinux_tree, serve)
from netlab import DhcpHost, SERVER_V4, TestCA

MAC = "52:54:00:77:10:01"
MAC_HYPHENS = hyphens(MAC)
BASE = "swiftboot.timeout=0 swiftboot.net.timeout=20"


def boot(machine, netlab, append: str = "", initrd: Path | None = None):
    """A machine with one virtio-net card on the lab, booting the network default."""
    return machine(nics=[netlab.nic("virtio-net-pci", MAC)], initrd=initrd,
                   append=f"{BASE} {append}".strip())


def test_pxelinux_over_tftp_mac_config_and_ipappend(built, machine, netlab, target, tmp_path):
    tftp = tmp_path / "tftp"
    serve(tftp, target("pxe-mac"))
    serve(tftp, target("pxe-default"))
    pxelinux_tree(tftp, pxelinux_label("wrong", "vmlinuz", ["pxe-default.img"], "console=ttyS0 panic=-1 from=default"),
                  {MAC: pxelinux_label("right", "vmlinuz", ["pxe-mac.img"], "console=ttyS0 panic=-1 from=mac",
                                       ipappend=2)})
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file="pxelinux.0")], tftp_root=tftp, dhcpv6=False)
    m = boot(machine, netlab)
    # The group heading (· is * without UTF-8), then the download screen on the serial console.
    m.expect(rf"eth0 \S {MAC}", timeout=90)
    m.expect(r"Downloading tftp://10\.77\.0\.1/vmlinuz", timeout=60)
    m.expect(r"100%", timeout=60)
    m.expect(r"kexec: booting 'right' [^\r\n]*kernel=tftp://10\.77\.0\.1/vmlinuz "
             r"initrds=tftp://10\.77\.0\.1/pxe-mac\.img", timeout=60)
    report = m.wait_target()
    assert report.name == "pxe-mac"
    assert "from=mac" in report.cmdline
    assert f"BOOTIF=01-{MAC_HYPHENS}" in report.cmdline.split()


def test_ipxe_menu_choose_goto_hexhyp_chain_over_http(built, machine, netlab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("ipxe-machine"))
    serve(www, target("ipxe-other"))
    # boot.ipxe: menu, choose, goto, chain to machines/${net0/mac:hexhyp}.ipxe.
    ipxe_chain_tree(www, {MAC: ipxe_boot("http://10.77.0.1/vmlinuz", ["http://10.77.0.1/ipxe-machine.img"],
                                         "console=ttyS0 panic=-1 per-machine=yes")},
                    other=ipxe_boot("vmlinuz", ["ipxe-other.img"], "console=ttyS0 panic=-1"))
    netlab.start_nginx(www, https=False)
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file=f"http://{SERVER_V4}/boot.ipxe")], dhcpv6=False)
    m = boot(machine, netlab)
    report = m.wait_target()
    assert report.name == "ipxe-machine"
    assert "per-machine=yes" in report.cmdline


def test_option_210_http_prefix(built, machine, netlab, target, tmp_path):
    tftp = tmp_path / "tftp"
    tftp.mkdir()
    (tftp / "pxelinux.0").write_bytes(b"\0" * 16)
    www = tmp_path / "www"
    serve(www / "pxe", target("prefix-http"))
    pxelinux_tree(www / "pxe", pxelinux_label("http", "vmlinuz", ["prefix-http.img"], "console=ttyS0 panic=-1 via=210"))
    netlab.start_nginx(www, https=False)
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file="pxelinux.0", path_prefix=f"http://{SERVER_V4}/pxe/")],
                         tftp_root=tftp, dhcpv6=False)
    m = boot(machine, netlab)
    report = m.wait_target()
    assert report.name == "prefix-http"
    assert "via=210" in report.cmdline


def test_grub_netboot_mac_config(built, machine, netlab, target, tmp_path):
    tftp = tmp_path / "tftp"
    serve(tftp / "boot", target("grub-mac"))
    boot_file = grub_tree(tftp, grub_entry("wrong", "/boot/vmlinuz", [], "console=ttyS0"),
                          {MAC: grub_entry("per-mac", "(tftp)/boot/vmlinuz", ["(tftp)/boot/grub-mac.img"],
                                           "console=ttyS0 panic=-1 mac=$net_default_mac")})
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file=boot_file)], tftp_root=tftp, dhcpv6=False)
    m = boot(machine, netlab)
    report = m.wait_target()
    assert report.name == "grub-mac"
    assert f"mac={MAC}" in report.cmdline


def ca_initrd(built: Path, tmp_path: Path, ca: Path) -> Path:
    """An uncompressed newc archive holding /etc/test-ca.pem, then build/initramfs.img: the
    kernel unpacks both (the plain archive first: after a zstd one it finds no magic)."""
    tree = tmp_path / "ca-tree"
    (tree / "etc").mkdir(parents=True)
    shutil.copy(ca, tree / "etc" / "test-ca.pem")
    extra = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=b"etc\netc/test-ca.pem\n",
                           cwd=tree, capture_output=True, check=True).stdout
    combined = tmp_path / "initramfs-ca.img"
    combined.write_bytes(extra + (built / "initramfs.img").read_bytes())
    return combined


def https_script(www: Path, target) -> None:
    serve(www, target)
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        f"kernel https://{SERVER_V4}/vmlinuz console=ttyS0 panic=-1 tls=yes\n"
        f"initrd https://{SERVER_V4}/{target.name}.img\n"
        "boot\n")


def test_https_with_the_test_ca(built, machine, netlab, target, tmp_path):
    www = tmp_path / "www"
    https_script(www, target("https-ok"))
    ca = netlab.make_ca()
    # The URLs name the server by IP address: its certificate names only that address (an
    # iPAddress SAN, as real CAs issue them), which swiftboot checks itself.
    netlab.start_nginx(www, https=True, cert=ca.issue("server-ip", [f"IP:{SERVER_V4}"]))
    initrd = ca_initrd(built, tmp_path, ca.cert)
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file=f"https://{SERVER_V4}/boot.ipxe")], dhcpv6=False)
    m = boot(machine, netlab, "swiftboot.ca=/etc/test-ca.pem", initrd=initrd)
    report = m.wait_target()
    assert report.name == "https-ok"
    assert "tls=yes" in report.cmdline


def test_https_untrusted_certificate_fails_clearly(built, machine, netlab, target, tmp_path):
    www = tmp_path / "www"
    https_script(www, target("https-bad"))
    netlab.start_nginx(www, https=True)
    # swiftboot trusts another CA than the one that issued nginx's certificate.
    other = TestCA(tmp_path / "other-ca", name="some other CA")
    initrd = ca_initrd(built, tmp_path, other.cert)
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file=f"https://{SERVER_V4}/boot.ipxe")], dhcpv6=False)
    m = boot(machine, netlab, "swiftboot.ca=/etc/test-ca.pem", initrd=initrd)
    # The menu stays: the network group shows the failure in its place, nothing boots.
    m.expect(r"error: eth0: cannot fetch https://10\.77\.0\.1/boot\.ipxe: certificate not", timeout=90)
    assert m.child.expect([r"SWIFTBOOT-TARGET", TIMEOUT], timeout=5) == 1


def test_dhcpv6_option_59_http_url(built, machine, netlab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("v6-url"))
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        "kernel http://[fd77::1]/vmlinuz console=ttyS0 panic=-1 via=v6\n"
        "initrd http://[fd77::1]/v6-url.img\n"
        "boot\n")
    netlab.start_nginx(www, https=False)
    # No DHCPv4 boot file for this host: its DHCPv6 lease names the script.
    netlab.start_dnsmasq([DhcpHost(MAC, boot_url6="http://[fd77::1]/boot.ipxe")], dhcpv6=True)
    m = boot(machine, netlab)
    report = m.wait_target()
    assert report.name == "v6-url"
    assert "via=v6" in report.cmdline


def test_dhcp_server_down_local_entries_and_group_failure(built, machine, netlab, disk, target, tmp_path):
    local = target("local-disk")
    image = disk("local.img", [Partition(Filesystem("ext4", {
        "/boot/vmlinuz": local.kernel, "/boot/local.img": local.initrds[0],
        "/boot/extlinux/extlinux.conf": "DEFAULT local\nLABEL local\n  MENU LABEL local system\n  KERNEL /boot/vmlinuz\n"
                                        "  INITRD /boot/local.img\n  APPEND console=ttyS0 panic=-1\n"},
        size_mib=48, label="LOCAL"), type=LINUX_DATA, name="local")])
    # No dnsmasq: DHCP never answers.
    m = machine(disks=[image], nics=[netlab.nic("virtio-net-pci", MAC)],
                append="swiftboot.timeout=-1 swiftboot.net.timeout=4")
    # The local entry is in the menu before eth0 has an answer (no waiting for DHCP; on
    # the stock payload eth0 starts once coldplug has loaded virtio_net)...
    m.expect(r"local system", timeout=90)
    shown = time.monotonic()
    m.expect(r"fetching\.\.\.", timeout=60)
    # ...and the group of eth0 shows the failure in its place once the 4 s are over.
    m.expect(r"error: eth0: DHCPv4", timeout=30)
    assert time.monotonic() - shown > 1.0


def local_disk(disk, target, name: str):
    """A disk whose extlinux.conf boots target `name` as "local system"."""
    local = target(name)
    return disk(f"disk-{name}.raw", [Partition(Filesystem("ext4", {
        "/boot/vmlinuz": local.kernel, "/boot/local.img": local.initrds[0],
        "/boot/extlinux/extlinux.conf": "DEFAULT local\nLABEL local\n  MENU LABEL local system\n  KERNEL /boot/vmlinuz\n"
                                        "  INITRD /boot/local.img\n  APPEND console=ttyS0 panic=-1 from=disk\n"},
        size_mib=48, label="LOCAL"), type=LINUX_DATA, name="local")])


def test_autoboot_net_first_waits_for_the_network_default(built, machine, netlab, disk, target, tmp_path):
    image = local_disk(disk, target, "autoboot-local")
    tftp = tmp_path / "tftp"
    serve(tftp, target("autoboot-net"))
    pxelinux_tree(tftp, "DEFAULT net\nLABEL net\n  KERNEL vmlinuz\n  INITRD autoboot-net.img\n"
                        "  APPEND console=ttyS0 panic=-1 from=net\n")
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file="pxelinux.0")], tftp_root=tftp, dhcpv6=False)
    m = machine(disks=[image], nics=[netlab.nic("virtio-net-pci", MAC)],
                append=f"{BASE} swiftboot.autoboot=net,disk")
    report = m.wait_target()
    assert report.name == "autoboot-net"


def test_pxelinux_localboot_boots_the_local_default(built, machine, netlab, disk, target, tmp_path):
    image = local_disk(disk, target, "localboot-disk")
    tftp = tmp_path / "tftp"
    pxelinux_tree(tftp, "DEFAULT local\nLABEL local\n  LOCALBOOT 0\n")
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file="pxelinux.0")], tftp_root=tftp, dhcpv6=False)
    m = machine(disks=[image], nics=[netlab.nic("virtio-net-pci", MAC)],
                append=f"{BASE} swiftboot.autoboot=net,disk")
    report = m.wait_target()
    assert report.name == "localboot-disk"
    assert "from=disk" in report.cmdline


def test_200mib_initrd_progress_and_escape_cancels(built, machine, netlab, target, tmp_path):
    www = tmp_path / "www"
    serve(www, target("big-initrd"))
    with open(www / "big.img", "wb") as f:
        f.truncate(200 * 1024 * 1024)
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        f"kernel http://{SERVER_V4}/vmlinuz console=ttyS0 panic=-1\n"
        f"initrd http://{SERVER_V4}/big-initrd.img\n"
        f"initrd http://{SERVER_V4}/big.img\n"
        "boot\n")
    netlab.start_nginx(www, https=False)
    netlab.start_dnsmasq([DhcpHost(MAC, boot_file=f"http://{SERVER_V4}/boot.ipxe")], dhcpv6=False)
    m = boot(machine, netlab)
    m.expect(r"Downloading http://10\.77\.0\.1/", timeout=90)
    # The progress line: bar, percentage, bytes of the 200 MiB (curses repaints only the
    # cells that change, so each part is matched on its own).
    m.expect(r"\]\s+\d+%", timeout=30)
    m.expect(r"[\d.]+ [KM]iB/200\.0 MiB", timeout=30)
    m.child.send("\x1b")
    m.expect(r"The download of http://10\.77\.0\.1/big\.img was cancelled\.", timeout=30)
    # Back in the menu: nothing boots.
    assert m.child.expect([r"SWIFTBOOT-TARGET", TIMEOUT], timeout=5) == 1
