"""UEFI servers: q35 + Debian's OVMF, the payload started by the firmware through its
EFI stub. Both kexec methods must hand the firmware's ACPI tables, EFI system table
and runtime services to the next kernel (the target reports ACPI tables, EFI and a
mounted efivarfs, and both CPUs, which only the ACPI MADT describes). Under
`lockdown=integrity` the segments method (kexec_load) is never tried, a signed kernel
boots by kexec_file_load, and an unsigned one is refused with words an operator can
act on.
"""
from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest

from diskimage import LINUX_DATA, Filesystem, Partition
from test_kexec import boot_command, kexec_image, runner, wait_target  # noqa: F401 (fixtures)

EXTLINUX_CONF = """\
DEFAULT uefi
TIMEOUT 0
LABEL uefi
    MENU LABEL UEFI target
    LINUX /boot/vmlinuz
    INITRD /boot/target.img
    APPEND console=ttyS0 which=uefi
"""


def target_disk(target, disk, name: str, efivarfs: bool) -> Path:
    t = target(name, efivarfs=efivarfs)
    return disk(f"{name}-disk.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": EXTLINUX_CONF,
            "/boot/vmlinuz": t.kernel,
            "/boot/target.img": t.initrds[0],
        }, size_mib=48, label="UEFI"), type=LINUX_DATA, name="uefi"),
    ])


@pytest.mark.parametrize("method", ["file", "segments"])
def test_uefi_target_gets_acpi_efi_efivars_and_both_cpus(machine, target, disk, tmp_path, method):
    image = target_disk(target, disk, f"uefi-{method}", efivarfs=True)
    m = machine(disks=[image], uefi_vars=tmp_path / "vars.fd", qemu_args=["-smp", "2"],
                append=f"swiftboot.timeout=0 swiftboot.kexec={method}")
    syscall = "kexec_file_load" if method == "file" else "kexec_load"
    m.expect(rf"kexec: booting .UEFI target. \({syscall}\)", timeout=240)
    report = m.wait_target(timeout=180)
    assert report.name == f"uefi-{method}"
    fw = report.firmware
    assert int(fw.get("acpi", "0")) > 0, f"no ACPI tables in the target: {fw}"
    assert fw.get("efi") == "yes", f"no /sys/firmware/efi in the target: {fw}"
    assert fw.get("efivars") == "yes", f"efivarfs not mounted in the target: {fw}"
    assert fw.get("cpus") == "0-1", f"the target lost a CPU (no MADT?): {fw}"


def test_segments_log_what_is_handed_over(machine, target, kexec_image, tmp_path):
    """`swiftboot kexec --method segments` logs the hand-over line (RSDP, EFI system
    table, runtime-map entries, e820 entries) before it boots the target."""
    t = target("uefi-cli", efivarfs=True)
    image = kexec_image({"/vmlinuz": t.kernel, "/target.img": t.initrds[0]},
                        [boot_command("segments", cmdline="console=ttyS0 cli=1")[:-1] + ["--dry-run"],
                         boot_command("segments", cmdline="console=ttyS0 cli=1")])
    m = machine(initrd=image, uefi_vars=tmp_path / "vars.fd")
    match = m.expect(rb"kexec: handing over ACPI RSDP (0x[0-9a-f]+), EFI system table (0x[0-9a-f]+) \(EL64\), "
                     rb"(\d+) runtime-map entries, (\d+) e820 entries", timeout=240)
    assert int(match.group(1), 16) != 0
    assert int(match.group(3)) > 0
    assert int(match.group(4)) > 0
    m.expect(r"hand-off 6/6: reboot", timeout=60)
    report = m.wait_target(timeout=180)
    assert report.cmdline == "console=ttyS0 cli=1"
    assert report.firmware.get("efi") == "yes" and report.firmware.get("efivars") == "yes"
    assert int(report.firmware.get("acpi", "0")) > 0


# Owner GUID of the certificate the tests put in the firmware's db (any GUID does).
DB_OWNER = "5f3a1d7e-8c2b-4e6f-9a0d-3b7c1e5d9f21"


def signature_table(kernel: bytes) -> tuple[int, int, int]:
    """(offset of data directory 4 in the file, certificate table offset, size)."""
    pe = struct.unpack_from("<I", kernel, 0x3C)[0]
    assert kernel[pe:pe + 4] == b"PE\0\0", "the kernel has no PE header"
    optional = pe + 24
    magic = struct.unpack_from("<H", kernel, optional)[0]
    entry = optional + (112 if magic == 0x20B else 96) + 4 * 8
    offset, size = struct.unpack_from("<II", kernel, entry)
    return entry, offset, size


def vars_trusting(kernel: Path, work: Path) -> Path:
    """An OVMF variable store whose db holds the certificate that signed `kernel`.
    Debian's kernel is signed by "Debian Secure Boot Signer", whose CA is not among
    the kernel's built-in keys (shim carries it on real machines); the payload kernel
    loads db into its .platform keyring, which kexec_file_load also checks."""
    data = kernel.read_bytes()
    _, offset, size = signature_table(data)
    assert size > 0, f"{kernel} is not signed"
    length = struct.unpack_from("<I", data, offset)[0]
    pkcs7 = work / "kernel-signature.p7"
    pkcs7.write_bytes(data[offset + 8:offset + length])     # past the WIN_CERTIFICATE header
    signer = work / "kernel-signer.pem"
    subprocess.run(["openssl", "pkcs7", "-inform", "DER", "-in", str(pkcs7), "-print_certs", "-out", str(signer)],
                   check=True)
    store = work / "vars.fd"
    subprocess.run(["virt-fw-vars", "--input", "/usr/share/OVMF/OVMF_VARS_4M.fd", "--output", str(store),
                    "--add-db", DB_OWNER, str(signer)], check=True, capture_output=True)
    return store


def test_lockdown_never_tries_segments_and_boots_signed_kernel_by_file(built, machine, target, disk, tmp_path):
    """A kernel signed by a key in db: under lockdown=integrity kexec_file_load takes
    it; the segments method asked for is not tried."""
    image = target_disk(target, disk, "lockdown-signed", efivarfs=False)
    m = machine(disks=[image], uefi_vars=vars_trusting(built / "vmlinuz", tmp_path),
                append="lockdown=integrity swiftboot.timeout=0 swiftboot.kexec=segments")
    m.expect(r"kexec: the running kernel is locked down \(lockdown=integrity\): kexec_load is refused, "
             r"so the segments method is never used \(swiftboot.kexec=segments is ignored\)", timeout=240)
    m.expect(r"kexec: booting .UEFI target. \(kexec_file_load\)", timeout=120)
    report = m.wait_target(timeout=180)
    assert report.name == "lockdown-signed"
    assert "kexec_load)" not in m.log_path.read_text(errors="replace")


def strip_signature(kernel: Path, out: Path) -> Path:
    """A copy of `kernel` without its Authenticode signature: the PE certificate table
    (data directory 4) emptied and the appended certificates cut off."""
    data = bytearray(kernel.read_bytes())
    entry, offset, size = signature_table(bytes(data))
    assert size > 0, f"{kernel} is not signed"
    struct.pack_into("<II", data, entry, 0, 0)
    if offset + size == len(data):
        del data[offset:]
    out.write_bytes(bytes(data))
    return out


def test_lockdown_unsigned_kernel_is_refused_with_the_signature_requirement(machine, target, kexec_image, tmp_path):
    t = target("lockdown-unsigned")
    unsigned = strip_signature(t.kernel, tmp_path / "vmlinuz-unsigned")
    image = kexec_image({"/vmlinuz": t.kernel, "/unsigned": unsigned, "/target.img": t.initrds[0]},
                        [boot_command("segments", kernel="/unsigned"),
                         boot_command(None, cmdline="console=ttyS0 after=unsigned")])
    m = machine(initrd=image, uefi_vars=vars_trusting(t.kernel, tmp_path), append="lockdown=integrity")
    m.expect(r"locked down \(lockdown=integrity\); it refuses kexec_load, so the segments method asked for is not used",
             timeout=180)
    m.expect(r"The running kernel rejected /unsigned \(EPERM\): the running kernel is locked down "
             r"\(lockdown=integrity, set by the lockdown= option or by UEFI Secure Boot\), so it loads only a "
             r"kernel whose signature it verifies with a key in its keyrings", timeout=120)
    report = wait_target(m, timeout=180)
    assert report.cmdline == "console=ttyS0 after=unsigned"
    log = m.log_path.read_text(errors="replace")
    assert "handing over" not in log      # the segments path was never built


def test_segments_chain_keeps_handing_over_efi(built, machine, disk, tmp_path):
    """Three generations of the payload kexec'd by segments on a UEFI machine: each
    kexec'd kernel still has the EFI system table and runtime map to hand over (the
    second generation's come from swiftboot's own efi_info and SETUP_EFI)."""
    chain_conf = ("DEFAULT swiftboot-chain\nTIMEOUT 0\nLABEL swiftboot-chain\n    MENU LABEL swiftboot-chain\n"
                  "    LINUX /boot/vmlinuz\n    INITRD /boot/initramfs.img\n"
                  "    APPEND console=ttyS0 panic=-1 swiftboot.timeout=-1 swiftboot.kexec=segments\n")
    image = disk("uefi-chain.img", [
        Partition(Filesystem("ext4", {
            "/boot/extlinux/extlinux.conf": chain_conf,
            "/boot/vmlinuz": built / "vmlinuz",
            "/boot/initramfs.img": built / "initramfs.img",
        }, size_mib=64, label="CHAIN"), type=LINUX_DATA, name="chain"),
    ])
    m = machine(disks=[image], uefi_vars=tmp_path / "vars.fd", append="swiftboot.chain=2 swiftboot.kexec=segments")
    handed = []
    for generation in (2, 1):
        m.expect(f"chain generation {generation}: initramfs digest ok", timeout=240)
        match = m.expect(rb"kexec: handing over ACPI RSDP (0x[0-9a-f]+), EFI system table (0x[0-9a-f]+) \(EL64\), "
                         rb"(\d+) runtime-map entries", timeout=60)
        handed.append(match.groups())
        m.expect("hand-off 6/6: reboot", timeout=60)
    m.expect("chain generation 0: initramfs digest ok", timeout=240)
    assert handed[0] == handed[1], f"the second generation hands over something else: {handed}"
    assert int(handed[0][2]) > 0
