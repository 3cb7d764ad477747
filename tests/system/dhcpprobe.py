"""A DHCP probe for the lab's self-tests, run inside a client namespace
(`ip netns exec NS python3 dhcpprobe.py v4|v6 IFACE MAC [SECONDS]`): sends one DHCPv4
DISCOVER (as a PXE client: options 60, 93, 97) or one DHCPv6 SOLICIT (client arch 61,
ORO 59/60) on IFACE and prints every reply that arrives within SECONDS as a JSON line
(v4: op fields, siaddr, yiaddr, file, sname, options by code as hex; v6: message type
and options by code as hex). Written from RFC 2131/2132/4578/8415: a test tool only."""
from __future__ import annotations

import json
import os
import select
import socket
import struct
import sys
import time

MAGIC = bytes([99, 130, 83, 99])


def mac_bytes(mac: str) -> bytes:
    return bytes(int(part, 16) for part in mac.split(":"))


def discover(mac: str, xid: int) -> bytes:
    """A DHCPDISCOVER from a BIOS PXE client (arch 0), broadcast flag set."""
    chaddr = mac_bytes(mac).ljust(16, b"\0")
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                         bytes(4), bytes(4), bytes(4), bytes(4), chaddr, bytes(64), bytes(128))
    options = b""

    def option(code: int, value: bytes) -> bytes:
        return bytes([code, len(value)]) + value

    options += option(53, bytes([1]))
    options += option(61, b"\x01" + mac_bytes(mac))
    options += option(60, b"PXEClient:Arch:00000:UNDI:002001")
    options += option(93, struct.pack("!H", 0))
    options += option(94, bytes([1, 2, 1]))
    options += option(97, b"\x00" + bytes(range(16)))
    options += option(55, bytes([1, 3, 6, 12, 15, 28, 43, 51, 54, 60, 66, 67, 97, 209, 210]))
    return header + MAGIC + options + b"\xff"


def parse_v4(packet: bytes) -> dict:
    fields = struct.unpack("!BBBBIHH4s4s4s4s16s64s128s", packet[:236])
    options: dict[str, str] = {}
    rest = packet[240:] if packet[236:240] == MAGIC else b""
    i = 0
    while i < len(rest):
        code = rest[i]
        if code == 0:
            i += 1
            continue
        if code == 255 or i + 1 >= len(rest):
            break
        length = rest[i + 1]
        value = rest[i + 2:i + 2 + length]
        # Options that repeat are concatenated (RFC 3396).
        options[str(code)] = options.get(str(code), "") + value.hex()
        i += 2 + length
    return {
        "op": fields[0], "xid": fields[4],
        "yiaddr": socket.inet_ntoa(fields[8]), "siaddr": socket.inet_ntoa(fields[9]),
        "sname": fields[12].split(b"\0")[0].decode(errors="replace"),
        "file": fields[13].split(b"\0")[0].decode(errors="replace"),
        "options": options,
    }


def probe_v4(iface: str, mac: str, seconds: float) -> list[dict]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.bind(("0.0.0.0", 68))
    xid = int.from_bytes(os.urandom(4), "big")
    sock.sendto(discover(mac, xid), ("255.255.255.255", 67))
    replies = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            break
        packet, source = sock.recvfrom(4096)
        if len(packet) < 240:
            continue
        reply = parse_v4(packet)
        if reply["op"] == 2 and reply["xid"] == xid:
            reply["from"] = source[0]
            replies.append(reply)
    return replies


def solicit(mac: str, xid: int) -> bytes:
    """A DHCPv6 SOLICIT: client id (DUID-LL), IA_NA, ORO 59/60, elapsed time, arch 0."""

    def option(code: int, value: bytes) -> bytes:
        return struct.pack("!HH", code, len(value)) + value

    body = option(1, struct.pack("!HH", 3, 1) + mac_bytes(mac))
    body += option(3, struct.pack("!III", 1, 0, 0))
    body += option(6, struct.pack("!HH", 59, 60))
    body += option(8, struct.pack("!H", 0))
    body += option(61, struct.pack("!H", 7))
    return bytes([1]) + xid.to_bytes(3, "big") + body


def probe_v6(iface: str, mac: str, seconds: float) -> list[dict]:
    index = socket.if_nametoindex(iface)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
    sock.bind(("::", 546))
    xid = int.from_bytes(os.urandom(3), "big")
    sock.sendto(solicit(mac, xid), ("ff02::1:2", 547, 0, index))
    replies = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            break
        packet, source = sock.recvfrom(4096)
        if len(packet) < 4 or int.from_bytes(packet[1:4], "big") != xid:
            continue
        options: dict[str, str] = {}
        i = 4
        while i + 4 <= len(packet):
            code, length = struct.unpack("!HH", packet[i:i + 4])
            options[str(code)] = packet[i + 4:i + 4 + length].hex()
            i += 4 + length
        replies.append({"type": packet[0], "from": source[0], "options": options})
    return replies


def main() -> None:
    family, iface, mac = sys.argv[1:4]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 3.0
    replies = probe_v4(iface, mac, seconds) if family == "v4" else probe_v6(iface, mac, seconds)
    for reply in replies:
        print(json.dumps(reply))


if __name__ == "__main__":
    main()
