"""Issue 12 item 3 end to end: measured boot into a TPM before the hand-off. QEMU gets
Debian's swtpm as its TPM 2.0 (tpm-tis, SeaBIOS); swiftboot boots a BLS type 1 entry
(two initrds) and a UKI (scripts/gen-uki, systemd 252's stub); the target reads the
SHA-256 and SHA-1 PCRs 4, 9, 11 and 12 from sysfs, swiftboot's event log from its initramfs and
the firmware's log, and every value must equal what the host computes from the same
files by the rules of docs/measured-boot.md (tests/system/measured_boot.py, and
`systemd-measure calculate` for PCR 11)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import measured_boot as mb
from diskimage import ESP, Filesystem, Partition

REPO = Path(__file__).resolve().parents[2]

BLS_CMDLINE = "console=ttyS0 measured=bls quiet"
BLS_ENTRY = f"""\
title Measured BLS
linux /vmlinuz
initrd /bls-a.img
initrd /bls-b.img
options {BLS_CMDLINE}
"""
UKI_CMDLINE = "console=ttyS0 measured=uki"
UKI_OS_RELEASE = 'NAME="Measured"\nID=measured\nVERSION_ID=1\nPRETTY_NAME="Measured UKI"\n'


@pytest.fixture
def swtpm():
    """A fresh swtpm TPM 2.0 (SHA-1 and SHA-256 banks) listening on a unix socket; returns the QEMU
    arguments that attach it as a tpm-tis device. Stopped and removed after the test."""
    if not shutil.which("swtpm") or not shutil.which("swtpm_setup"):
        pytest.fail("swtpm and swtpm_setup are needed (scripts/setup installs swtpm, swtpm-tools)")
    work = Path(tempfile.mkdtemp(prefix="sbt-tpm-"))
    process = None
    try:
        state = work / "state"
        state.mkdir()
        subprocess.run(["swtpm_setup", "--tpm2", "--tpmstate", str(state), "--pcr-banks", "sha1,sha256",
                        "--overwrite"], check=True, capture_output=True)
        sock = work / "ctrl.sock"
        process = subprocess.Popen(["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={state}",
                                    "--ctrl", f"type=unixio,path={sock}", "--log", "level=0"])
        for _ in range(50):
            if sock.exists():
                break
            time.sleep(0.1)
        yield ["-chardev", f"socket,id=chrtpm,path={sock}", "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
               "-device", "tpm-tis,tpmdev=tpm0"]
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def measured_disk(target, disk, tmp_path):
    bls = target("bls-a", extra_initrds=("bls-b",))
    uki = target("uki")
    os_release = tmp_path / "os-release"
    os_release.write_text(UKI_OS_RELEASE)
    uki_image = tmp_path / "measured.efi"
    subprocess.run([str(REPO / "scripts" / "gen-uki"), "--kernel", str(uki.kernel), "--initrd", str(uki.initrds[0]),
                    "--cmdline", UKI_CMDLINE, "--os-release", str(os_release), "--out", str(uki_image)],
                   check=True, stdout=subprocess.DEVNULL)
    image = disk("measured.img", [Partition(Filesystem("vfat", {
        "/loader/entries/measured.conf": BLS_ENTRY,
        "/vmlinuz": bls.kernel,
        "/bls-a.img": bls.initrds[0],
        "/bls-b.img": bls.initrds[1],
        "/EFI/Linux/measured.efi": uki_image,
    }, size_mib=64, label="MEASURED"), type=ESP, name="esp")])
    return image, bls, uki_image


def pad4(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def expected_pcrs(kind: str, bls, uki_image: Path) -> dict[int, bytes]:
    """PCRs 9, 11, 12 from zero and the digest extended into PCR 4, by the rules."""
    zero = bytes(32)
    sha = lambda data: hashlib.sha256(data).digest()  # noqa: E731
    if kind == "bls":
        parts = [p.read_bytes() for p in bls.initrds]
        initrd = b"".join(pad4(p) for p in parts[:-1]) + parts[-1]
        return {4: mb.authenticode(bls.kernel.read_bytes()), 9: mb.extend(zero, sha(initrd)), 11: zero,
                12: mb.extend(zero, mb.cmdline_digest(BLS_CMDLINE))}
    data = uki_image.read_bytes()
    sections = {s["name"]: s for s in mb.pe_sections(data)}
    initrd = mb.section_data(data, sections[".initrd"])
    pcr11 = mb.uki_pcr11(uki_image)
    predicted = mb.systemd_measure_pcr11(uki_image)
    if predicted is not None:
        assert pcr11 == predicted, "the host rules and systemd-measure disagree on PCR 11"
    # The UKI's own .cmdline: systemd-boot passes no load options, PCR 12 stays zero.
    return {4: mb.authenticode(data), 9: mb.extend(zero, sha(initrd)), 11: pcr11, 12: zero}


@pytest.mark.parametrize("kind, title, name, markers", [
    ("bls", "Measured BLS", "bls-a", ["bls-a", "bls-b"]),
    ("uki", "Measured UKI", "uki", ["uki"]),
], ids=["bls", "uki"])
def test_pcrs_equal_host_computation(machine, swtpm, measured_disk, kind, title, name, markers):
    image, bls, uki_image = measured_disk
    m = machine(disks=[image], append=f"swiftboot.timeout=0 swiftboot.default={title.replace(' ', '?')}*",
                qemu_args=swtpm)
    # Two kernel boots under TCG with a TIS TPM: allow more than one boot's budget.
    report = m.wait_target(timeout=240)
    assert report.name == name
    assert report.initrds == markers          # the event log archive adds no marker
    pcrs = {int(k.split("-")[1]): bytes.fromhex(v) for k, v in report.pcrs.items() if k.startswith("sha256-")}
    assert sorted(pcrs) == [4, 9, 11, 12], report.pcrs
    want = expected_pcrs(kind, bls, uki_image)

    # PCR 4: what SeaBIOS measured (its log, replayed), then the Authenticode digest.
    assert report.firmware_log, "the target found no firmware event log"
    firmware = mb.parse_log(report.firmware_log)
    before = mb.replay(firmware, 4)
    assert pcrs[4] == mb.extend(before, want[4]), f"PCR 4 {pcrs[4].hex()}"
    for index in (9, 11, 12):
        assert pcrs[index] == want[index], f"PCR {index} {pcrs[index].hex()} != {want[index].hex()}"

    # swiftboot's own TCG2 log, handed over in the initramfs, replays to the same values.
    assert report.tpm_log, "no /swiftboot/tpm-event-log in the target's initramfs"
    events = mb.parse_log(report.tpm_log)
    assert mb.replay(events, 4, start=before) == pcrs[4]
    for index in (9, 11, 12):
        assert mb.replay(events, index) == pcrs[index]
    assert [e[0] for e in events if e[0] == 4] == [4]

    # The SHA-1 bank got the same extends (two digests per TPM2_PCR_Extend).
    sha1 = {int(k.split("-")[1]): bytes.fromhex(v) for k, v in report.pcrs.items() if k.startswith("sha1-")}
    assert sorted(sha1) == [4, 9, 11, 12], report.pcrs
    kernel = uki_image if kind == "uki" else bls.kernel
    assert sha1[4] == mb.extend(mb.replay(firmware, 4, alg=mb.SHA1), mb.authenticode(kernel.read_bytes(), "sha1"), "sha1")
    for index in (4, 9, 11, 12):
        start = mb.replay(firmware, 4, alg=mb.SHA1) if index == 4 else None
        assert mb.replay(events, index, start=start, alg=mb.SHA1) == sha1[index], f"sha1 PCR {index}"
    assert sha1[9] != bytes(20) and (kind == "bls") == (sha1[12] != bytes(20))
