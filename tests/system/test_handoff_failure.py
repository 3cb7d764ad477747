"""A hand-off that fails at its last step: PID 1 unloads the image, the menu comes back
showing why, and it does not boot the default again by itself.

The failure is made real with seccomp: the initramfs starts at /deny-kexec-reboot
(`rdinit=`), a tiny static program that makes reboot(LINUX_REBOOT_CMD_KEXEC) fail with
EPERM and then executes swiftboot as PID 1. Loading works; only the reboot call fails.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pexpect
import pytest

from conftest import REPO
from diskimage import LINUX_DATA, Filesystem, Partition

DENY_C = r"""
/* rdinit of the test: reboot(LINUX_REBOOT_CMD_KEXEC) gives EPERM, then /init runs. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/reboot.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

int main(int argc, char **argv) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_reboot, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LINUX_REBOOT_CMD_KEXEC, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof f / sizeof f[0], f };
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) perror("seccomp");
    char *args[] = { "/init", NULL };
    execv("/init", args);
    perror("execv /init");
    return 1;
}
"""

EXTLINUX = """\
TIMEOUT 10
LABEL one
    MENU LABEL Handoff victim
    LINUX /vmlinuz
    INITRD /target.img
    APPEND console=ttyS0
"""


@pytest.fixture(scope="module")
def deny_image(built, tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("handoff")
    (work / "deny.c").write_text(DENY_C)
    subprocess.run(["gcc", "-static", "-Os", "-s", "-o", str(work / "deny"), str(work / "deny.c")], check=True)
    terminfo = []
    for line in (REPO / "initramfs" / "terminfo.list").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            terminfo += ["--terminfo", line.strip()]
    out = work / "deny.img"
    subprocess.run([str(built / "mkinitramfs"), "--output", str(out),
                    "--layout", str(REPO / "initramfs" / "layout"),
                    "--init", str(built / "swiftboot"),
                    "--file", f"/deny-kexec-reboot={work / 'deny'}:755",
                    # The payload's drivers (the stock kernel's NVMe and ext4 are modules).
                    "--module-dir", (built / "modules-dir").read_text().strip(),
                    "--modules-list", str(REPO / "initramfs" / "modules.list"),
                    *terminfo, "--compress", "none"], check=True, stdout=subprocess.DEVNULL)
    return out


def test_failed_reboot_call_returns_to_the_menu(machine, target, disk, deny_image):
    t = target("handoff-victim")
    image = disk("handoff.img", [
        Partition(Filesystem("ext4", {"/extlinux/extlinux.conf": EXTLINUX, "/vmlinuz": t.kernel,
                                      "/target.img": t.initrds[0]}, size_mib=32, label="HANDOFF"),
                  type=LINUX_DATA, name="handoff")])
    m = machine(disks=[image], initrd=deny_image, append="rdinit=/deny-kexec-reboot swiftboot.timeout=0")
    # Timeout 0: the default is loaded and handed over at once, and the last step fails.
    m.expect(r"hand-off 6/6: reboot\(LINUX_REBOOT_CMD_KEXEC\)", timeout=90)
    m.expect(r"hand-off failed, unloading the image: .*\(EPERM: Operation not permitted\)", timeout=30)
    # The menu is back, drawn this time, with the reason on its status line.
    m.expect("Handoff victim", timeout=30)
    m.expect(r"The hand-off to .* failed", timeout=10)
    # It waits: no second automatic boot of the same default.
    index = m.child.expect([r"hand-off 1/6", pexpect.TIMEOUT], timeout=5)
    assert index == 1, "the menu booted the default again by itself"
    # Enter tries again: loads, fails the same way, and the menu comes back again.
    m.send_keys("enter")
    m.expect(r"hand-off 1/6", timeout=30)
    m.expect(r"hand-off failed, unloading the image", timeout=30)
    m.expect("Handoff victim", timeout=30)
