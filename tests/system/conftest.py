"""Fixtures of swiftboot's QEMU end-to-end tests.

- `target`: makes the initrds of a test "operating system" (tests/targets/marker.c):
  booted, it prints `SWIFTBOOT-TARGET name=… cmdline=…` and `SWIFTBOOT-INITRDS …`.
- `disk`: makes disk images without root (tests/targets/diskimage.py).
- `machine`: boots build/vmlinuz + build/initramfs.img with scripts/qemu under pexpect
  (`uefi_vars=` for q35 + OVMF, the firmware starting the payload through its EFI stub);
  `expect`, `send_keys`, `wait_target`. The serial log of every boot is kept in
  build/test-logs/<test>.log and its tail is printed when a test fails.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
sys.path.insert(0, str(REPO / "tests" / "targets"))

import diskimage  # noqa: E402

# Serial-console key sequences (what a VT100-style terminal sends).
KEYS = {
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pgup": "\x1b[5~",
    "pgdn": "\x1b[6~",
    "enter": "\r",
    "esc": "\x1b",
    "tab": "\t",
    "backspace": "\x7f",
}

# The stock kernel payload loads its disk drivers as modules (a few seconds under TCG)
# and boots again as the target: 60 s was too tight on a loaded 2-core machine.
BOOT_TIMEOUT = int(os.environ.get("SWIFTBOOT_BOOT_TIMEOUT", "120"))


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture(scope="session")
def built() -> Path:
    """build/ with swiftboot, initramfs.img, vmlinuz and mkinitramfs (runs scripts/build if missing)."""
    needed = ["swiftboot", "initramfs.img", "vmlinuz", "mkinitramfs"]
    if not all((BUILD / name).exists() for name in needed):
        subprocess.run([str(REPO / "scripts" / "build")], check=True)
    return BUILD


@dataclass
class Target:
    """A test operating system: the kernel and its initrds, by host path."""

    name: str
    kernel: Path
    initrds: list[Path]


@pytest.fixture
def target(built, tmp_path):
    """`target(name, extra_initrds=(), efivarfs=False)` → Target with main initrd
    `<name>` (marker `<name>`) and one more initrd per extra marker name; `efivarfs`
    puts the payload kernel's efivarfs module in it, so the target can report the
    EFI variables (its kernel is build/vmlinuz)."""

    def make(name: str, extra_initrds: tuple[str, ...] = (), efivarfs: bool = False) -> Target:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
        main = tmp_path / f"{slug}.img"
        make_initrd = str(REPO / "tests" / "targets" / "make-initrd")
        args = [make_initrd, str(main), slug, "--target", name]
        if efivarfs:
            args += ["--efivarfs", str(payload_module("efivarfs"))]
        subprocess.run(args, check=True)
        initrds = [main]
        for marker in extra_initrds:
            extra = tmp_path / f"{marker}.img"
            subprocess.run([make_initrd, str(extra), marker], check=True)
            initrds.append(extra)
        return Target(name=name, kernel=built / "vmlinuz", initrds=initrds)

    return make


def payload_module(name: str) -> Path:
    """The file of module `name` in the module tree of the payload kernel build/vmlinuz
    (scripts/build records that tree in build/modules-dir)."""
    modules = Path((BUILD / "modules-dir").read_text().strip())
    found = sorted(modules.glob(f"kernel/**/{name}.ko*"))
    if not found:
        raise FileNotFoundError(f"{name}.ko not found under {modules}")
    return found[0]


def cached_payload(flavour: str, tmp_path: Path) -> tuple[Path, Path]:
    """(kernel, initramfs) of swiftboot on Debian's `flavour` ("stock" or "cloud") kernel:
    build/ itself when scripts/build made it with that kernel (build/kernel names it),
    else an initramfs made here by build/mkinitramfs from build/swiftboot,
    initramfs/modules.list and that kernel's module tree in cache/kernel/FLAVOUR."""
    marker = BUILD / "kernel"
    if marker.exists() and marker.read_text().strip() == flavour:
        return BUILD / "vmlinuz", BUILD / "initramfs.img"
    tree = (REPO / "cache" / "kernel" / flavour).resolve()
    if not (tree / "done").exists():
        raise FileNotFoundError(f"Debian's {flavour} kernel is not in cache/kernel/{flavour} (run scripts/setup)")
    version = tree.name
    initramfs = tmp_path / f"initramfs-{flavour}.img"
    terminfo = []
    for line in (REPO / "initramfs" / "terminfo.list").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            terminfo += ["--terminfo", line.strip()]
    subprocess.run([str(BUILD / "mkinitramfs"), "--output", str(initramfs),
                    "--layout", str(REPO / "initramfs" / "layout"), "--init", str(BUILD / "swiftboot"),
                    "--module-dir", str(tree / "root" / "lib" / "modules" / version),
                    "--modules-list", str(REPO / "initramfs" / "modules.list"),
                    *terminfo, "--compress", "zstd"], check=True, capture_output=True)
    return tree / "root" / "boot" / f"vmlinuz-{version}", initramfs


@pytest.fixture
def disk(tmp_path):
    """`disk(name, partitions, table="gpt")` → path of a new disk image in tmp_path."""

    def make(name: str, partitions: list, table: str = "gpt", **kwargs) -> Path:
        return diskimage.make_disk(tmp_path / name, partitions, table=table, **kwargs)

    return make


@dataclass
class TargetReport:
    """What a booted test target printed."""

    name: str
    cmdline: str
    initrds: list[str]
    # SWIFTBOOT-FIRMWARE: acpi (tables count as text), efi, efivars ("yes"/"no"), cpus.
    firmware: dict[str, str] = field(default_factory=dict)
    # SWIFTBOOT-EFIVAR lines: Boot Loader Interface variables the target saw.
    efivars: dict[str, str] = field(default_factory=dict)
    # SWIFTBOOT-PCR lines ("sha256-4" → hex) and the SWIFTBOOT-TPMLOG bytes (a TPM's).
    pcrs: dict[str, str] = field(default_factory=dict)
    tpm_log: bytes | None = None
    # SWIFTBOOT-FWLOG: the firmware's TPM event log the target's kernel found.
    firmware_log: bytes | None = None


class Machine:
    """One QEMU run of swiftboot with the serial console under pexpect."""

    def __init__(self, args: list[str], log_path: Path):
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.log.write(f"\n===== scripts/qemu {' '.join(args)}\n".encode())
        self.started = time.monotonic()
        self.child = pexpect.spawn(str(REPO / "scripts" / "qemu"), args, timeout=BOOT_TIMEOUT,
                                   logfile=self.log, dimensions=(24, 80), env=dict(os.environ, TERM="vt100"))

    def remaining(self) -> float:
        return max(1.0, BOOT_TIMEOUT - (time.monotonic() - self.started))

    def expect(self, pattern, timeout: float | None = None) -> re.Match:
        """Waits for `pattern` (regex string or list) on the console; the boot's overall
        time limit applies when no timeout is given."""
        self.child.expect(pattern, timeout=timeout if timeout is not None else self.remaining())
        return self.child.match

    def send_keys(self, *keys: str, delay: float = 0.3) -> None:
        """Sends named keys (`down`, `enter`, …, see KEYS) or literal text, one at a time."""
        for key in keys:
            self.child.send(KEYS.get(key, key))
            time.sleep(delay)

    def wait_target(self, timeout: float | None = None) -> TargetReport:
        """Waits for the booted test target's two lines and for QEMU to exit."""
        match = self.expect(r"SWIFTBOOT-TARGET name=([^\r\n]*?) cmdline=([^\r\n]*)\r*\n", timeout)
        name, cmdline = match.group(1).decode(), match.group(2).decode().strip()
        match = self.expect(r"SWIFTBOOT-INITRDS([^\r\n]*)\r*\n", 15)
        initrds = match.group(1).decode().split()
        match = self.expect(r"SWIFTBOOT-FIRMWARE([^\r\n]*)\r*\n", 15)
        firmware = dict(word.split("=", 1) for word in match.group(1).decode().split() if "=" in word)
        efivars: dict[str, str] = {}
        pcrs: dict[str, str] = {}
        tpm_log = firmware_log = None
        while True:
            which = self.child.expect([r"SWIFTBOOT-EFIVAR ([^=\r\n]*)=([^\r\n]*)\r*\n", r"SWIFTBOOT-END",
                                       r"SWIFTBOOT-PCR ([^=\r\n]*)=([0-9A-Fa-f]*)\r*\n",
                                       r"SWIFTBOOT-TPMLOG ([0-9a-f]*)\r*\n",
                                       r"SWIFTBOOT-FWLOG ([0-9a-f]*)\r*\n"], timeout=15)
            if which == 1:
                break
            if which == 2:
                pcrs[self.child.match.group(1).decode()] = self.child.match.group(2).decode().lower()
            elif which == 3:
                tpm_log = bytes.fromhex(self.child.match.group(1).decode())
            elif which == 4:
                firmware_log = bytes.fromhex(self.child.match.group(1).decode())
            else:
                efivars[self.child.match.group(1).decode()] = self.child.match.group(2).decode().strip()
        self.child.expect(pexpect.EOF, timeout=15)
        return TargetReport(name=name, cmdline=cmdline, initrds=initrds, firmware=firmware, efivars=efivars,
                            pcrs=pcrs, tpm_log=tpm_log, firmware_log=firmware_log)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
        self.log.close()

    def tail(self, lines: int = 80) -> str:
        text = self.log_path.read_bytes().decode(errors="replace").replace("\r\r\n", "\n")
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture
def machine(built, request):
    """`machine(disks=[...], append="...", disk_bus="nvme", disks_on=[(BUS, IMG)...],
    qemu_args=[...])` → a running Machine (`disks_on`: scripts/qemu --disk-on BUS IMG). All are stopped after the test; on failure the serial log tail is printed."""
    logs = BUILD / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / (re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid) + ".log")
    if log_path.exists():
        log_path.unlink()
    machines: list[Machine] = []

    def start(disks=(), append: str = "", disk_bus: str | None = None, cdroms=(),
              qemu_args=(), initrd: Path | None = None, uefi_vars: Path | None = None,
              disks_on=(), nics=(), kernel: Path | None = None, name: str | None = None) -> Machine:
        """`uefi_vars`: boot a UEFI machine (OVMF) whose variable store is that file
        (made from Debian's OVMF_VARS_4M.fd if missing; keep it to boot again with the
        same variables). `nics`: network cards, `netlab.Nic`s (on a lab's taps) or
        scripts/qemu --nic strings. `kernel`: another payload kernel. `name`: this
        machine's serial log is build/test-logs/<test id>.<name>.log (for machines
        running at the same time)."""
        args: list[str] = []
        for nic in nics:
            args += ["--nic", str(nic)]
        if kernel:
            args += ["--kernel", str(kernel)]
        if uefi_vars:
            args += ["--uefi", str(uefi_vars)]
        for d in disks:
            args += ["--disk", str(d)]
        for iso in cdroms:
            args += ["--cdrom", str(iso)]
        for bus, image in disks_on:
            args += ["--disk-on", bus, str(image)]
        if disk_bus:
            args += ["--disk-bus", disk_bus]
        if initrd:
            args += ["--initrd", str(initrd)]
        if append:
            args += ["--append", append]
        if qemu_args:
            args += ["--", *qemu_args]
        path = log_path
        if name is not None:
            path = logs / f"{log_path.stem}.{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.log"
            if path.exists():
                path.unlink()
        m = Machine(args, path)
        machines.append(m)
        return m

    yield start
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for m in machines:
        m.close()
    if failed and machines:
        # Each named machine's own log; machines sharing the test's log once.
        shown = [m for m in machines if m.log_path != log_path] + [m for m in machines if m.log_path == log_path][-1:]
        for m in shown:
            print(f"\n----- serial console (tail of {m.log_path}) -----\n{m.tail()}")


@pytest.fixture
def netlab(tmp_path):
    """A `netlab.NetLab` of this test: its own namespace (sbt-lab-<pid>-<n>) with bridge
    br0 at 10.77.0.1/24 and fd77::1/64; servers and namespaces are removed after the
    test, also when it fails, and those of killed runs before it (tests/system/netlab.py)."""
    import netlab as lab_module

    if os.geteuid() != 0:
        pytest.skip("network namespaces, taps and servers on ports 67/69/80/443 need root")
    lab_module.NetLab.reap_stale()  # left by a run that was killed
    lab = lab_module.NetLab(tmp_path / "netlab")
    try:
        yield lab
    finally:
        lab.close()
