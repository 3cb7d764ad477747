"""Disk images for swiftboot's system tests and demo, made without root.

Each filesystem is built in its own image file (mkfs.ext4 -d, mkfs.vfat + mcopy,
xorriso) and copied into the disk image at its partition's offset; the partition table
is written by sfdisk on the image file. Fixed UUIDs keep images reproducible.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024

# GPT partition type GUIDs.
LINUX_DATA = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
XBOOTLDR = "BC13C2FF-59E6-4262-A352-B275FD6F7172"
# MBR partition type bytes.
MBR_LINUX = "83"
MBR_FAT = "c"

Content = "bytes | str | os.PathLike"


@dataclass
class Filesystem:
    """A filesystem to build: `files` maps paths inside it to bytes, text or a host file."""

    fstype: str  # "ext4", "vfat", "btrfs" or "xfs" (xfs: at least 300 MiB)
    files: dict = field(default_factory=dict)
    size_mib: int = 64
    label: str | None = None
    uuid: str | None = None  # ext4: a UUID; vfat: 8 hex digits (volume id)

    def build(self, image: Path) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            stage = Path(tmp) / "root"
            stage.mkdir()
            write_tree(stage, self.files)
            if image.exists():
                image.unlink()
            if self.fstype == "ext4":
                args = ["mkfs.ext4", "-q", "-F", "-d", str(stage), "-E", "root_owner=0:0"]
                if self.label:
                    args += ["-L", self.label]
                if self.uuid:
                    args += ["-U", self.uuid]
                run(args + [str(image), f"{self.size_mib}M"],
                    env={"E2FSPROGS_FAKE_TIME": "1700000000"})
            elif self.fstype == "vfat":
                with open(image, "wb") as f:
                    f.truncate(self.size_mib * MIB)
                args = ["mkfs.vfat"]
                if self.label:
                    args += ["-n", self.label]
                if self.uuid:
                    args += ["-i", self.uuid]
                run(args + [str(image)])
                copy_into_fat(image, stage)
            elif self.fstype == "btrfs":
                with open(image, "wb") as f:
                    f.truncate(self.size_mib * MIB)
                args = ["mkfs.btrfs", "-q", "--rootdir", str(stage)]
                if self.label:
                    args += ["-L", self.label]
                if self.uuid:
                    args += ["-U", self.uuid]
                run(args + [str(image)])
            elif self.fstype == "xfs":
                with open(image, "wb") as f:
                    f.truncate(self.size_mib * MIB)
                proto = Path(tmp) / "proto"
                proto.write_text(xfs_protofile(stage))
                args = ["mkfs.xfs", "-q", "-p", str(proto)]
                if self.label:
                    args += ["-L", self.label]
                if self.uuid:
                    args += ["-m", f"uuid={self.uuid}"]
                run(args + [str(image)])
            else:
                raise ValueError(f"unsupported filesystem {self.fstype!r}")


def make_whole_disk(path: os.PathLike, filesystem: Filesystem) -> Path:
    """Writes `filesystem` as a whole-disk image (no partition table, sparse)."""
    path = Path(path)
    filesystem.build(path)
    return path


def xfs_protofile(stage: Path) -> str:
    """An mkfs.xfs `-p` prototype file that copies the tree at `stage` (root-owned)."""
    lines = ["/dev/null", "0 0", "d--755 0 0"]

    def walk(directory: Path, depth: int) -> None:
        indent = " " * depth
        for entry in sorted(directory.iterdir()):
            if entry.is_dir():
                lines.append(f"{indent}{entry.name} d--755 0 0")
                walk(entry, depth + 1)
                lines.append(f"{indent}$")
            else:
                lines.append(f"{indent}{entry.name} ---644 0 0 {entry}")

    walk(stage, 1)
    lines.append("$")
    return "\n".join(lines) + "\n"


@dataclass
class Partition:
    """One partition: its filesystem (or None for an empty one) and table fields."""

    filesystem: Filesystem | None
    type: str = LINUX_DATA
    name: str | None = None  # GPT partition name (PARTLABEL)
    uuid: str | None = None  # GPT partition UUID (PARTUUID)
    size_mib: int | None = None  # default: the filesystem's size
    bootable: bool = False  # MBR active flag


def make_disk(path: os.PathLike, partitions: list[Partition], table: str = "gpt",
              disk_id: str | None = None) -> Path:
    """Writes a disk image with these partitions (1 MiB aligned) and returns its path."""
    path = Path(path)
    start = 1  # MiB
    layout = []
    for part in partitions:
        size = part.size_mib or (part.filesystem.size_mib if part.filesystem else 16)
        layout.append((start, size))
        start += size
    total = start + 1  # room for the backup GPT
    if path.exists():
        path.unlink()
    with open(path, "wb") as f:
        f.truncate(total * MIB)

    script = [f"label: {table}", "unit: sectors"]
    if disk_id:
        script.append(f"label-id: {disk_id}")
    for part, (begin, size) in zip(partitions, layout):
        fields = [f"start={begin * 2048}", f"size={size * 2048}", f"type={part.type}"]
        if table == "gpt":
            if part.name:
                fields.append(f'name="{part.name}"')
            if part.uuid:
                fields.append(f"uuid={part.uuid}")
        elif part.bootable:
            fields.append("bootable")
        script.append(", ".join(fields))
    run(["sfdisk", "-q", "--no-reread", "--no-tell-kernel", str(path)],
        input="\n".join(script) + "\n")

    with tempfile.TemporaryDirectory() as tmp:
        for index, (part, (begin, _)) in enumerate(zip(partitions, layout)):
            if part.filesystem is None:
                continue
            image = Path(tmp) / f"part{index}.img"
            part.filesystem.build(image)
            with open(image, "rb") as src, open(path, "r+b") as dst:
                dst.seek(begin * MIB)
                shutil.copyfileobj(src, dst, 4 * MIB)
    return path


def make_iso(path: os.PathLike, files: dict, label: str = "SWIFTBOOT") -> Path:
    """Writes an ISO 9660 image (Rock Ridge + Joliet) holding `files`."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp) / "root"
        stage.mkdir()
        write_tree(stage, files)
        run(["xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-V", label,
             "-o", str(path), str(stage)])
    return path


def write_tree(root: Path, files: dict) -> None:
    """Creates `files` (path → bytes / str / host path) under `root`."""
    for name, content in files.items():
        target = root / name.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, str):
            target.write_text(content)
        else:
            shutil.copyfile(content, target)


def copy_into_fat(image: Path, stage: Path) -> None:
    """Copies the staged tree into a FAT image with mtools (no mount)."""
    for dirpath, dirnames, filenames in os.walk(stage):
        dirnames.sort()
        rel = Path(dirpath).relative_to(stage)
        for d in dirnames:
            run(["mmd", "-i", str(image), "::/" + str(rel / d).lstrip("./")])
        for name in sorted(filenames):
            dest = "::/" + str(rel / name).lstrip("./")
            run(["mcopy", "-m", "-i", str(image), str(Path(dirpath) / name), dest])


def run(args: list[str], input: str | None = None, env: dict | None = None) -> None:
    merged = dict(os.environ, MTOOLS_SKIP_CHECK="1", **(env or {}))
    result = subprocess.run(args, input=input, text=True, capture_output=True, env=merged)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
