"""Host-side computation of the PCR values a measured boot gives (docs/measured-boot.md),
independent of swiftboot's Swift code: the Authenticode digest of a PE file (PE/COFF
specification, "Calculating the PE Image Hash"), systemd-stub's PCR 11 rules (section
name with its NUL, then contents; or `systemd-measure calculate` where it is
installed), the UTF-16 command line of systemd-boot, and a reader of TCG2
crypto-agile event logs with PCR replay."""
from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

SHA1, SHA256 = 0x0004, 0x000B
DIGEST_SIZES = {0x0004: 20, 0x000B: 32, 0x000C: 48, 0x000D: 64, 0x0012: 32}
HASHES = {SHA1: "sha1", SHA256: "sha256", 0x000C: "sha384", 0x000D: "sha512"}


def pe_sections(data: bytes) -> list[dict]:
    """The section table of a PE file: name, virtual size, raw size, raw pointer."""
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0", "not a PE file"
    count, = struct.unpack_from("<H", data, pe + 6)
    opt_size, = struct.unpack_from("<H", data, pe + 20)
    table = pe + 24 + opt_size
    out = []
    for i in range(count):
        name, vsize, _va, rsize, rptr = struct.unpack_from("<8sIIII", data, table + 40 * i)
        out.append({"name": name.rstrip(b"\0").decode(), "vsize": vsize, "rsize": rsize, "rptr": rptr})
    return out


def authenticode(data: bytes, algorithm: str = "sha256") -> bytes:
    """The Authenticode image digest: headers without CheckSum and the certificate
    table entry, sections by file offset, then trailing data less the certificates."""
    h = hashlib.new(algorithm)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    opt = pe + 24
    magic, = struct.unpack_from("<H", data, opt)
    plus = magic == 0x20B
    size_of_headers, = struct.unpack_from("<I", data, opt + 60)
    checksum = opt + 64
    n_dirs, = struct.unpack_from("<I", data, opt + (108 if plus else 92))
    cert_entry = opt + (112 if plus else 96) + 4 * 8
    h.update(data[:checksum])
    cert_size = 0
    if n_dirs > 4:
        h.update(data[checksum + 4:cert_entry])
        h.update(data[cert_entry + 8:size_of_headers])
        cert_size = struct.unpack_from("<I", data, cert_entry + 4)[0]
    else:
        h.update(data[checksum + 4:size_of_headers])
    hashed = size_of_headers
    for s in sorted((s for s in pe_sections(data) if s["rsize"]), key=lambda s: s["rptr"]):
        h.update(data[s["rptr"]:s["rptr"] + s["rsize"]])
        hashed += s["rsize"]
    if len(data) > hashed + cert_size:
        h.update(data[hashed:len(data) - cert_size])
    return h.digest()


def section_data(data: bytes, section: dict) -> bytes:
    """A section as loaded: min(VirtualSize, SizeOfRawData) bytes, zero-filled to VirtualSize."""
    size = min(section["vsize"], section["rsize"]) if section["vsize"] else section["rsize"]
    body = data[section["rptr"]:section["rptr"] + size]
    return body + b"\0" * max(0, section["vsize"] - len(body))


# systemd 252's measured sections (its stub's unified_sections[], without .pcrsig).
STUB_252_SECTIONS = [".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrpkey"]


def extend(old: bytes, digest: bytes, algorithm: str = "sha256") -> bytes:
    return hashlib.new(algorithm, old + digest).digest()


def uki_pcr11(uki: Path, algorithm: str = "sha256") -> bytes:
    """PCR 11 after systemd-stub 252 measured `uki`, from zero, by the rules."""
    data = uki.read_bytes()
    sections = {s["name"]: s for s in pe_sections(data)}
    pcr = bytes(hashlib.new(algorithm).digest_size)
    for name in STUB_252_SECTIONS:
        if name in sections:
            pcr = extend(pcr, hashlib.new(algorithm, name.encode() + b"\0").digest(), algorithm)
            pcr = extend(pcr, hashlib.new(algorithm, section_data(data, sections[name])).digest(), algorithm)
    return pcr


def systemd_measure_pcr11(uki: Path) -> bytes | None:
    """PCR 11 as `systemd-measure calculate` predicts it for the UKI's sections (None
    when systemd-measure is not installed)."""
    tool = shutil.which("systemd-measure") or "/usr/lib/systemd/systemd-measure"
    if not Path(tool).exists():
        return None
    data = uki.read_bytes()
    sections = {s["name"]: s for s in pe_sections(data)}
    with tempfile.TemporaryDirectory() as work:
        # --phase= (empty): the value before systemd's userspace phase measurements
        # (enter-initrd, …), i.e. right after systemd-stub.
        args = [tool, "calculate", "--bank=sha256", "--phase="]
        for name in STUB_252_SECTIONS:
            if name in sections:
                path = Path(work) / name.lstrip(".")
                path.write_bytes(section_data(data, sections[name]))
                args.append(f"--{name.lstrip('.')}={path}")
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith("11:sha256="):
            return bytes.fromhex(line.strip().split("=", 1)[1])
    raise AssertionError(f"no 11:sha256 line in systemd-measure output: {out!r}")


def cmdline_digest(cmdline: str, algorithm: str = "sha256") -> bytes:
    """systemd-boot's PCR 12 digest: the UTF-16LE load options with their NUL."""
    return hashlib.new(algorithm, (cmdline + "\0").encode("utf-16-le")).digest()


def parse_log(log: bytes) -> list[tuple[int, int, dict[int, bytes], bytes]]:
    """Events of a TCG2 crypto-agile log: (pcr, type, {alg: digest}, data), the
    Spec ID header skipped; parsing stops at a truncated or empty (all-zero) event."""
    pcr, etype = struct.unpack_from("<II", log, 0)
    size, = struct.unpack_from("<I", log, 28)
    assert etype == 3 and log[32:48] == b"Spec ID Event03\0", "not a crypto-agile log"
    at = 32 + size
    events = []
    while at + 12 <= len(log):
        pcr, etype, count = struct.unpack_from("<III", log, at)
        if etype == 0 and count == 0:
            break
        p = at + 12
        digests = {}
        for _ in range(count):
            alg, = struct.unpack_from("<H", log, p)
            n = DIGEST_SIZES[alg]
            digests[alg] = log[p + 2:p + 2 + n]
            p += 2 + n
        size, = struct.unpack_from("<I", log, p)
        events.append((pcr, etype, digests, log[p + 4:p + 4 + size]))
        at = p + 4 + size
    return events


def replay(events, pcr: int, start: bytes | None = None, alg: int = SHA256) -> bytes:
    """The PCR value after extending `start` (zero) with the log's events for `pcr`."""
    name = HASHES[alg]
    value = start if start is not None else bytes(DIGEST_SIZES[alg])
    for index, etype, digests, _ in events:
        if index == pcr and etype != 3 and alg in digests:
            value = extend(value, digests[alg], name)
    return value
