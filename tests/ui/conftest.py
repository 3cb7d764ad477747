"""Host UI tests: `swiftboot menu --dry-run` in a tmux pane, driven with send-keys and
read with capture-pane. Fixture configs are directories of real config files
(tests/ui/fixtures/*); helpers are in menu_pane.py."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from menu_pane import Pane, swiftboot_binary


@pytest.fixture
def menu(request):
    """`menu(*fs_args, timeout=None, width=80, height=24, env=None, before="", serial=False)`
    → a Pane running `swiftboot menu --dry-run` over the given `--fs` specs / paths
    (`before`: shell commands run first, ending in `;`; `serial`: on a tty that knows no
    size, like a serial line — see serial_line.py)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    binary = swiftboot_binary()
    panes: list[Pane] = []

    def start(*volumes: str, timeout: int | None = None, width: int = 80, height: int = 24,
              env: dict[str, str] | None = None, extra: tuple[str, ...] = (), before: str = "",
              serial: bool = False) -> Pane:
        command = [str(binary), "menu", "--dry-run", *extra]
        if timeout is not None:
            command += ["--timeout", str(timeout)]
        for v in volumes:
            command += ["--fs", v] if "=" in v else [v]
        if serial:
            command = [sys.executable, str(Path(__file__).resolve().parent / "serial_line.py"), *command]
        socket = f"swiftboot-ui-{os.getpid()}-{len(panes)}-{request.node.name}"[:90]
        pane = Pane(socket, command, width, height, {"LANG": "C.UTF-8", "TERM": "screen", **(env or {})},
                    before=before)
        panes.append(pane)
        return pane

    yield start
    for pane in panes:
        pane.kill()

