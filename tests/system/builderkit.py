"""What the server-storage tests share: disks written by Debian's own tools in the
builder VM (scripts/builder-vm), working copies of them, and their checksums (a boot must
leave every member, PV and LUKS disk byte-identical)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from conftest import REPO


def run_builder(work: Path, job_text: str, disks: list[Path]) -> str:
    """Runs `job_text` in the builder VM with `disks` as /dev/vda, /dev/vdb, … (written in
    place); the VM's console is kept in work/builder.log and returned. Fails the test if
    the job fails."""
    job = work / "job.sh"
    job.write_text(job_text)
    result = subprocess.run([str(REPO / "scripts" / "builder-vm"), str(job), *map(str, disks)],
                            capture_output=True, text=True, timeout=400)
    (work / "builder.log").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return result.stdout


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def copies(disks: list[Path], tmp_path: Path) -> list[Path]:
    """Copies of `disks` in `tmp_path` (each boot gets its own, written in place by QEMU)."""
    out = []
    for d in disks:
        shutil.copyfile(d, tmp_path / d.name)
        out.append(tmp_path / d.name)
    return out
