"""GRUB's passwords and swiftboot's policy in the menu: a Debian-style grub.cfg with
`superusers` and `password_pbkdf2` (the hash made by Debian's grub-mkpasswd-pbkdf2 here),
the login screen compared whole, the growing wait after a wrong password, `e` refused
without a superuser, `--unrestricted` entries, and the policy file's allow-list."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from menu_pane import plan_line
from screens import cut, screen

PASSWORD = "correct horse"
KERNEL = "vmlinuz-6.1.0-18-amd64"
OLD_KERNEL = "vmlinuz-5.10.0-28-amd64"
ROOT = "root=UUID=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40 ro quiet"
KEYS = "Enter=next/confirm  Tab=field  Esc=cancel"
MENU_KEYS = "Enter=boot  e=edit  i=info  l=log  r=rescan  s=shell  h=help  q=quit"


def mkpasswd(password: str) -> str:
    """`grub-mkpasswd-pbkdf2` as a Debian admin runs it (10000 iterations, its default)."""
    tool = shutil.which("grub-mkpasswd-pbkdf2")
    if tool is None:
        pytest.fail("grub-mkpasswd-pbkdf2 is missing: scripts/setup installs grub-common")
    out = subprocess.run([tool], input=f"{password}\n{password}\n", capture_output=True, text=True, check=True).stdout
    return out.strip().split()[-1]


@pytest.fixture(scope="module")
def debian_locked(tmp_path_factory) -> Path:
    """A /boot like Debian's after `update-grub` with a 40_custom that sets a superuser
    and 10_linux's entries marked `--unrestricted` only for the first one."""
    root = tmp_path_factory.mktemp("locked")
    (root / "boot/grub").mkdir(parents=True)
    # Distinct contents: the allow-list tells the files apart by their SHA-256.
    for name in (KERNEL, OLD_KERNEL, "initrd.img-6.1.0-18-amd64", "initrd.img-5.10.0-28-amd64"):
        (root / "boot" / name).write_bytes(b"not really " + name.encode() + b"\n")
    (root / "boot/grub/grub.cfg").write_text(f"""\
set timeout=5
set default=0
### BEGIN /etc/grub.d/10_linux ###
menuentry 'Debian GNU/Linux' --class debian --class gnu-linux --class os --unrestricted $menuentry_id_option 'gnulinux-simple' {{
	linux	/boot/{KERNEL} {ROOT}
	initrd	/boot/initrd.img-6.1.0-18-amd64
}}
menuentry 'Debian GNU/Linux (restricted)' --class debian $menuentry_id_option 'gnulinux-restricted' {{
	linux	/boot/{KERNEL} {ROOT} init=/bin/sh
	initrd	/boot/initrd.img-6.1.0-18-amd64
}}
menuentry 'Debian GNU/Linux, with Linux 5.10.0-28-amd64' --unrestricted --id gnulinux-old {{
	linux	/boot/{OLD_KERNEL} {ROOT}
	initrd	/boot/initrd.img-5.10.0-28-amd64
}}
### END /etc/grub.d/10_linux ###
### BEGIN /etc/grub.d/40_custom ###
set superusers="admin"
password_pbkdf2 admin {mkpasswd(PASSWORD)}
export superusers
### END /etc/grub.d/40_custom ###
""".replace("$menuentry_id_option", "--id"))
    return root


def fs(root: Path) -> str:
    return f"dir={root},label=DEBIAN,type=ext4,uuid=0f3a6c9e-7d2b-4c55-9d61-2a8f3e1b7c40"


def heading(root: Path) -> str:
    return f" {root}  DEBIAN  ext4"


def rows(root: Path) -> list[str]:
    return [heading(root), "  * Debian GNU/Linux", "    Debian GNU/Linux (restricted)",
            "    Debian GNU/Linux, with Linux 5.10.0-28-amd64"]


def login_screen(root: Path, action: str, user: str = "", status: str = "", wait: int = 0) -> str:
    body = [f" To {action}, log in as", "   a superuser", f"   of {root}:/boot/grub/grub.cfg", "",
            " User name: " + user, " Password:"]
    if wait:
        body += ["", f" Wait {wait} s before the next try."]
    return screen(80, 24, "Password", body, status=status, keys=KEYS)


def test_restricted_entry_asks_and_boots_with_the_right_password(menu, debian_locked):
    pane = menu(fs(debian_locked), timeout=-1)
    pane.wait_for("(restricted)")
    pane.send("Down", "Enter")
    pane.wait_screen(login_screen(debian_locked, "boot 'Debian GNU/Linux (restricted)'"))
    pane.type("admin")
    pane.send("Enter")
    pane.type(PASSWORD)
    # Nothing of the password shows.
    pane.wait_screen(login_screen(debian_locked, "boot 'Debian GNU/Linux (restricted)'", user="admin"))
    pane.send("Enter")
    status, text = pane.wait_exit(timeout=10)
    assert status == 0
    assert plan_line(text).endswith(f"init=/bin/sh")


def test_wrong_password_is_refused_and_waits(menu, debian_locked):
    pane = menu(fs(debian_locked), timeout=-1)
    pane.wait_for("(restricted)")
    pane.send("Down", "Enter")
    pane.wait_for("User name:")
    pane.type("admin")
    pane.send("Enter")
    pane.type("wrong horse")
    pane.send("Enter")
    pane.wait_screen(login_screen(debian_locked, "boot 'Debian GNU/Linux (restricted)'", status="Access denied.", wait=1))
    # Keys typed while it waits are dropped; after a second it takes a user name again.
    pane.wait_screen(login_screen(debian_locked, "boot 'Debian GNU/Linux (restricted)'", status="Access denied."), timeout=4)
    pane.type("admin")
    pane.send("Enter")
    pane.type("still wrong")
    pane.send("Enter")
    pane.wait_for("Wait 2 s before the next try.")
    pane.send("Escape")
    pane.wait_for("Cancelled: boot 'Debian GNU/Linux (restricted)' needs a password.")
    # The log names the user and the refusal, never the password.
    pane.send("l")
    log = " ".join(pane.wait_for("access denied").split())
    assert ("access denied: wrong user name or password for user 'admin' to boot 'Debian GNU/Linux (restricted)' "
            f"({debian_locked}:/boot/grub/grub.cfg); next try in 1 s") in log
    assert "next try in 2 s" in log
    assert "wrong" not in log.replace("wrong user name", "")
    assert "horse" not in log


def test_edit_is_refused_without_a_superuser(menu, debian_locked):
    pane = menu(fs(debian_locked), timeout=-1)
    pane.wait_for("(restricted)")
    pane.send("e")
    pane.wait_screen(login_screen(debian_locked, "edit 'Debian GNU/Linux'"))
    pane.send("Escape")
    pane.wait_screen(screen(80, 24, "Boot menu", rows(debian_locked),
                            status="Cancelled: edit 'Debian GNU/Linux' needs a password.", keys=MENU_KEYS))
    pane.send("e")
    pane.wait_for("User name:")
    pane.type("admin")
    pane.send("Enter")
    pane.type(PASSWORD)
    pane.send("Enter")
    pane.wait_for("Edit entry (this boot only)", timeout=10)


def test_unrestricted_entry_boots_without_asking(menu, debian_locked):
    pane = menu(fs(debian_locked), timeout=-1)
    pane.wait_for("(restricted)")
    pane.send("Down", "Down", "Enter")
    status, text = pane.wait_exit()
    assert status == 0
    assert f"kernel={fs_name(debian_locked)}:/boot/{OLD_KERNEL}" in plan_line(text)


def fs_name(root: Path) -> str:
    return str(root)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_policy_allow_list_refuses_an_unlisted_kernel(menu, debian_locked, tmp_path):
    policy = tmp_path / "policy"
    policy.write_text("# fleet\nedit = off\n"
                      f"allow-sha256 = {sha256(debian_locked / 'boot' / KERNEL)}\n"
                      f"allow-sha256 = {sha256(debian_locked / 'boot/initrd.img-6.1.0-18-amd64')}\n")
    pane = menu(fs(debian_locked), timeout=-1, extra=("--policy", str(policy)))
    pane.wait_for("(restricted)")
    pane.send("End", "Enter")
    refusal = (f"Refused by the boot policy: {debian_locked}:/boot/{OLD_KERNEL} is not on the allow-list of {policy}.")
    pane.wait_screen(screen(80, 24, "Boot menu", rows(debian_locked), status=cut(" " + refusal, 80)[1:], keys=MENU_KEYS))
    pane.send("l")
    assert "boot: " + refusal in " ".join(pane.wait_for("Refused").split())
    pane.send("Escape")
    pane.send("e")
    pane.wait_for("Editing entries is disabled by the boot policy.")
    pane.send("Home", "Enter")
    status, text = pane.wait_exit()
    assert status == 0
    assert f"/boot/{KERNEL}" in plan_line(text)
