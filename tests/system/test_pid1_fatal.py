"""PID 1 never lets the kernel panic: when the menu keeps failing it asks on the console
whether to retry, reboot or power off.

The failure is a real one: an initramfs built without any terminfo entry, so ncurses
can open no console and the menu process exits at once, every time.
"""

import subprocess
from pathlib import Path

import pexpect
import pytest

from conftest import REPO

PROMPT = r"the boot menu keeps failing\. \[r\]etry \[b\]reboot \[p\]oweroff: "


@pytest.fixture(scope="module")
def no_terminfo_image(built, tmp_path_factory) -> Path:
    """build/swiftboot as /init with the usual layout but no terminfo (and no modules)."""
    out = tmp_path_factory.mktemp("fatal") / "no-terminfo.img"
    subprocess.run([str(built / "mkinitramfs"), "--output", str(out),
                    "--layout", str(REPO / "initramfs" / "layout"),
                    "--init", str(built / "swiftboot"),
                    "--compress", "none"], check=True, stdout=subprocess.DEVNULL)
    return out


def test_retry_then_power_off(machine, no_terminfo_image):
    m = machine(initrd=no_terminfo_image)
    m.expect(PROMPT, timeout=90)
    # Retry: the menu is started again, fails three more times, and PID 1 asks again.
    m.send_keys("r")
    m.expect(r"starting it again", timeout=30)
    m.expect(PROMPT, timeout=60)
    # Keys other than r/b/p are ignored: the question is asked again.
    m.send_keys("x")
    m.expect(PROMPT, timeout=10)
    m.send_keys("p")
    m.expect(r"swiftboot: powering off", timeout=30)
    m.expect(r"reboot: Power down", timeout=30)
    m.child.expect(pexpect.EOF, timeout=30)


def test_reboot(machine, no_terminfo_image):
    m = machine(initrd=no_terminfo_image)
    m.expect(PROMPT, timeout=90)
    m.send_keys("b")
    m.expect(r"swiftboot: rebooting", timeout=30)
    # scripts/qemu runs with -no-reboot: the reset ends QEMU.
    m.expect(r"reboot: Restarting system", timeout=30)
    m.child.expect(pexpect.EOF, timeout=30)
