"""Server trees of the provisioning styles the network-boot tests use, written the way
real setups lay them out (pxelinux over TFTP or HTTP, GRUB netboot, an iPXE script
chaining to a per-machine one). Each puts a per-MAC config beside a fallback that boots
another target, so a machine that falls back is caught by the target it reports.

    serve(root, target)                         # root/vmlinuz, root/<name>.img
    pxelinux_tree(root, default=pxelinux_label(...), per_mac={mac: pxelinux_label(...)})
    grub_tree(root, default=grub_entry(...), per_mac={mac: grub_entry(...)})
    ipxe_chain_tree(www, per_mac={mac: ipxe_boot(...)}, other=ipxe_boot(...))
"""
from __future__ import annotations

import shutil
from pathlib import Path


def hyphens(mac: str) -> str:
    """52:54:00:… → 52-54-00-… (pxelinux's `01-<mac>`, iPXE's `:hexhyp`)."""
    return mac.lower().replace(":", "-")


def serve(root: Path, target) -> None:
    """Copies the target's kernel and main initrd into `root` as vmlinuz and <name>.img."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(target.kernel, root / "vmlinuz")
    shutil.copy(target.initrds[0], root / f"{target.name}.img")


def pxelinux_label(label: str, kernel: str, initrds: list[str], append: str, ipappend: int | None = None) -> str:
    """A pxelinux config whose DEFAULT is one LABEL (`KERNEL`, `INITRD a,b`, `APPEND`,
    optionally `IPAPPEND`)."""
    text = (f"DEFAULT {label}\nLABEL {label}\n  KERNEL {kernel}\n  INITRD {','.join(initrds)}\n"
            f"  APPEND {append}\n")
    if ipappend is not None:
        text += f"  IPAPPEND {ipappend}\n"
    return text


def pxelinux_tree(root: Path, default: str, per_mac: dict[str, str] = {}, boot_file: str = "pxelinux.0") -> None:
    """`root/<boot_file>` (a placeholder: swiftboot reads the configs itself),
    `root/pxelinux.cfg/default` and `root/pxelinux.cfg/01-<mac>` per machine."""
    cfg = root / "pxelinux.cfg"
    cfg.mkdir(parents=True, exist_ok=True)
    (root / boot_file).write_bytes(b"\0" * 16)
    (cfg / "default").write_text(default)
    for mac, text in per_mac.items():
        (cfg / f"01-{hyphens(mac)}").write_text(text)


def grub_entry(title: str, kernel: str, initrds: list[str], args: str) -> str:
    """A grub.cfg booting one `menuentry` at once (`linuxefi`/`initrdefi`, as GRUB's EFI
    netboot configs write them)."""
    text = f"set default=0\nset timeout=1\nmenuentry '{title}' {{\n  linuxefi {kernel} {args}\n"
    if initrds:
        text += f"  initrdefi {' '.join(initrds)}\n"
    return text + "}\n"


def grub_tree(root: Path, default: str, per_mac: dict[str, str] = {}) -> str:
    """`root/grub/grubnetx64.efi` (a placeholder PE header), `grub/grub.cfg` and
    `grub/grub.cfg-01-<mac>` per machine. Returns the boot file's path on the server."""
    grub = root / "grub"
    grub.mkdir(parents=True, exist_ok=True)
    (grub / "grubnetx64.efi").write_bytes(b"MZ" + b"\0" * 62)
    (grub / "grub.cfg").write_text(default)
    for mac, text in per_mac.items():
        (grub / f"grub.cfg-01-{hyphens(mac)}").write_text(text)
    return "grub/grubnetx64.efi"


def ipxe_boot(kernel: str, initrds: list[str], args: str) -> str:
    """iPXE commands booting `kernel` with `args` and `initrds` (no `#!ipxe` line)."""
    return f"kernel {kernel} {args}\n" + "".join(f"initrd {i}\n" for i in initrds) + "boot\n"


def ipxe_chain_tree(www: Path, per_mac: dict[str, str], other: str) -> str:
    """`www/boot.ipxe`: a `menu` whose default item chains to
    `http://${next-server}/machines/${net0/mac:hexhyp}.ipxe` (`|| goto other` when it
    cannot be fetched) and whose other item runs `other`; one `machines/<mac>.ipxe` per
    machine. Returns the script's path."""
    www.mkdir(parents=True, exist_ok=True)
    (www / "boot.ipxe").write_text(
        "#!ipxe\n"
        "menu Provisioning\n"
        "item other Some other system\n"
        "item machine This machine's script\n"
        "choose --default machine --timeout 1000 selected || goto failed\n"
        "goto ${selected}\n"
        ":machine\n"
        "chain http://${next-server}/machines/${net0/mac:hexhyp}.ipxe || goto other\n"
        ":other\n"
        f"{other}"
        ":failed\n"
        "exit 1\n")
    (www / "machines").mkdir(exist_ok=True)
    for mac, script in per_mac.items():
        (www / "machines" / f"{hyphens(mac)}.ipxe").write_text(f"#!ipxe\n{script}")
    return "boot.ipxe"
