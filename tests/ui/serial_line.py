"""Runs a command on a tty that, like a serial line, knows no size: a new pseudo-terminal
whose window size stays 0x0, its bytes relayed to and from this terminal. Resizing this
terminal (a tmux window) never reaches the command; it can only learn the size by asking
the terminal (a cursor-position report), as swiftboot does on ttyS0.

    python3 serial_line.py COMMAND [ARG]...
"""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import tty


def main() -> int:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        os.close(slave)
        os.execvp(sys.argv[1], sys.argv[1:])
    os.close(slave)
    saved = termios.tcgetattr(0)
    tty.setraw(0)
    try:
        while True:
            ready, _, _ = select.select([0, master], [], [])
            if 0 in ready:
                data = os.read(0, 4096)
                if not data:
                    break
                os.write(master, data)
            if master in ready:
                try:
                    data = os.read(master, 4096)
                except OSError:  # EIO: the command ended
                    break
                if not data:
                    break
                os.write(1, data)
    finally:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
