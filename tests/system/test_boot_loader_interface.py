"""Issue 9 item 2 end to end: systemd's Boot Loader Interface on q35 + OVMF. The OVMF
variable store file keeps the EFI variables between boots; the test writes
`LoaderEntryOneShot` into it with virt-firmware (what `bootctl set-oneshot` would have
written from a running system). The target (marker, with efivarfs) reports the
variables swiftboot set before kexec. On a BIOS machine the interface is skipped with
one log line."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from diskimage import ESP, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]
OVMF_VARS = Path("/usr/share/OVMF/OVMF_VARS_4M.fd")
LOADER_GUID = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
# EFI_VARIABLE_NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS, as bootctl writes them.
ATTR_NV_BS_RT = 7


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le") + b"\0\0"


def swiftboot_version() -> str:
    source = (REPO / "Sources" / "BootMenu" / "Version.swift").read_text()
    return re.search(r'string = "([^"]+)"', source).group(1)


def set_variables(vars_fd: Path, variables: dict[str, bytes], tmp_path: Path) -> None:
    """Writes Boot Loader Interface variables into an OVMF variable store file."""
    doc = {"version": 2, "variables": [
        {"name": name, "guid": LOADER_GUID, "attr": ATTR_NV_BS_RT, "data": data.hex()}
        for name, data in variables.items()]}
    path = tmp_path / "set-vars.json"
    path.write_text(json.dumps(doc))
    subprocess.run([sys.executable, "-m", "virt.firmware.vars", "--inplace", str(vars_fd), "--set-json", str(path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def loader_variables(vars_fd: Path) -> dict[str, bytes]:
    """The Boot Loader Interface variables in an OVMF variable store file."""
    from virt.firmware.varstore.edk2 import Edk2VarStore
    varlist = Edk2VarStore(str(vars_fd)).get_varlist()
    return {name: bytes(var.data) for name, var in varlist.items() if str(var.guid).lower() == LOADER_GUID}


def make_bls_disk(target, disk, loader_conf: str) -> Path:
    """An ESP with two type 1 entries, bli-a and bli-b (menu order: bli-b first)."""
    a = target("bli-a", efivarfs=True)
    b = target("bli-b", efivarfs=True)
    return disk("bli.img", [
        Partition(Filesystem("vfat", {
            "/loader/loader.conf": loader_conf,
            "/loader/entries/bli-a.conf": "title BLI A\nlinux /vmlinuz\ninitrd /a.img\noptions console=ttyS0 bli=a\n",
            "/loader/entries/bli-b.conf": "title BLI B\nlinux /vmlinuz\ninitrd /b.img\noptions console=ttyS0 bli=b\n",
            "/vmlinuz": a.kernel,
            "/a.img": a.initrds[0],
            "/b.img": b.initrds[0],
        }, size_mib=64, label="BLI-ESP"), type=ESP, name="esp"),
    ])


@pytest.fixture
def bls_disk(target, disk):
    """loader.conf names bli-a as the default."""
    return make_bls_disk(target, disk, "default bli-a.conf\ntimeout 5\n")


def new_vars(tmp_path: Path, variables: dict[str, bytes]) -> Path:
    """A fresh OVMF variable store holding these Boot Loader Interface variables."""
    vars_fd = tmp_path / "vars.fd"
    vars_fd.write_bytes(OVMF_VARS.read_bytes())
    set_variables(vars_fd, variables, tmp_path)
    assert loader_variables(vars_fd) == variables
    return vars_fd


def test_one_shot_entry_boots_once_then_the_default(machine, bls_disk, tmp_path):
    vars_fd = new_vars(tmp_path, {"LoaderEntryOneShot": utf16("bli-b.conf")})

    first = machine(disks=[bls_disk], append="swiftboot.timeout=0", uefi_vars=vars_fd).wait_target()
    assert first.name == "bli-b"
    assert first.firmware["efivars"] == "yes"
    assert first.efivars["LoaderEntrySelected"] == "bli-b.conf"
    # Consumed by the boot: gone before the kexec.
    assert "LoaderEntryOneShot" not in first.efivars
    assert first.efivars["LoaderInfo"] == swiftboot_version()
    # Menu order (no sort-key: file names, newest first), each NUL-terminated UTF-16.
    assert first.efivars["LoaderEntries"] == (utf16("bli-b.conf") + utf16("bli-a.conf")).hex()
    # CONFIG_TIMEOUT, CONFIG_TIMEOUT_ONE_SHOT, ENTRY_DEFAULT, ENTRY_ONESHOT, BOOT_COUNTING,
    # XBOOTLDR, SORT_KEY, SAVED_ENTRY, TYPE1_UKI: a 64-bit little-endian mask.
    features = (1 << 0 | 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 5 | 1 << 8 | 1 << 9 | 1 << 16)
    assert first.efivars["LoaderFeatures"] == features.to_bytes(8, "little").hex()
    init, execute = int(first.efivars["LoaderTimeInitUSec"]), int(first.efivars["LoaderTimeExecUSec"])
    assert 0 < init < execute
    # The variable store file itself no longer holds the one-shot.
    stored = loader_variables(vars_fd)
    assert "LoaderEntryOneShot" not in stored
    assert stored["LoaderEntrySelected"] == utf16("bli-b.conf")

    second = machine(disks=[bls_disk], append="swiftboot.timeout=0", uefi_vars=vars_fd).wait_target()
    assert second.name == "bli-a"
    assert second.efivars["LoaderEntrySelected"] == "bli-a.conf"


def test_saved_entry_and_timeout_variable(machine, target, disk, tmp_path):
    """`default @saved` boots LoaderEntryLastBooted (not the first entry), and
    LoaderConfigTimeout=0 overrides loader.conf's `menu-force` (no swiftboot.timeout)."""
    image = make_bls_disk(target, disk, "default @saved\ntimeout menu-force\n")
    vars_fd = new_vars(tmp_path, {"LoaderEntryLastBooted": utf16("bli-a.conf"), "LoaderConfigTimeout": utf16("0")})
    report = machine(disks=[image], uefi_vars=vars_fd).wait_target()
    assert report.name == "bli-a"
    assert report.efivars["LoaderEntrySelected"] == "bli-a.conf"
    assert report.efivars["LoaderEntryLastBooted"] == "bli-a.conf"
    assert report.efivars["LoaderConfigTimeout"] == "0"


def test_bios_machine_skips_the_interface_with_one_log_line(machine, bls_disk):
    m = machine(disks=[bls_disk], append="swiftboot.timeout=0")
    report = m.wait_target()
    assert report.name == "bli-a"
    assert report.firmware["efi"] == "no"
    log = m.log_path.read_bytes().decode(errors="replace")
    # Every swiftboot line about EFI variables starts "efivars:".
    lines = [line for line in log.splitlines() if "efivars:" in line]
    assert len(lines) == 1, lines
    assert "no EFI firmware" in lines[0] and "Boot Loader Interface skipped" in lines[0]
