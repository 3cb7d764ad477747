"""Small servers for the transfer tests, run inside the test's network namespace:

  http ADDR PORT ROOT LOG   HTTP/1.1 for the cases nginx does not produce on demand:
      /chunked/NAME   the file in chunked coding (uneven chunks, a trailer)
      /drop/NAME      Content-Length, ETag; the first request's connection is closed after
                      half the body, later requests honour Range (206 + Content-Range)
      /dropalways/NAME  like /drop, but every response stops after half of what it owes
      /silent         accepts and never answers (read timeout)
  flaky ADDR PORT ROOT LOG  HTTP/1.1 for a server that goes away mid-body: the first
                      request gets half of its file, then the connection is closed and the
                      server stops listening for 2.5 s (connections are refused) before it
                      listens again and answers Range requests (206)
  tftp ADDR PORT ROOT LOG   TFTP with blksize/tsize/windowsize (RFC 2348/2349/7440) that
                      answers from a new port and drops block 3 of the first window once,
                      so the client's out-of-order ACK and the resend are exercised.

Each request is appended to LOG as one line (method, path, Range) for assertions.
"""
import http.server
import os
import socket
import socketserver
import struct
import sys
import threading
import time


def log_line(path, text):
    with open(path, "a") as f:
        f.write(text + "\n")


def run_http(addr, port, root, log):
    dropped = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            log_line(log, f"GET {self.path} range={self.headers.get('Range')} if-range={self.headers.get('If-Range')}")
            if self.path == "/silent":
                threading.Event().wait(60)
                return
            kind, _, name = self.path.lstrip("/").partition("/")
            file = os.path.join(root, name)
            if not os.path.isfile(file):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = open(file, "rb").read()
            if kind == "chunked":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                i, n = 0, 1
                while i < len(data):
                    part = data[i:i + n]
                    self.wfile.write(b"%x;ext=1\r\n" % len(part) + part + b"\r\n")
                    i += len(part)
                    n = n * 3 + 7
                self.wfile.write(b"0\r\nX-Trailer: done\r\n\r\n")
            elif kind == "dropalways":
                rng = self.headers.get("Range")
                start = int(rng[6:].split("-")[0]) if rng and rng.startswith("bytes=") else 0
                self.send_response(206 if start else 200)
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.send_header("Content-Length", str(len(data) - start))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                self.wfile.write(data[start:start + (len(data) - start) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
            elif kind == "drop":
                rng = self.headers.get("Range")
                etag = '"v1"'
                if rng and rng.startswith("bytes=") and self.headers.get("If-Range") == etag:
                    start = int(rng[6:].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                    self.send_header("Content-Length", str(len(data) - start))
                    self.send_header("ETag", etag)
                    self.end_headers()
                    self.wfile.write(data[start:])
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("ETag", etag)
                self.end_headers()
                if name in dropped:
                    self.wfile.write(data)
                    return
                dropped.add(name)
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
            else:
                self.send_response(400)
                self.send_header("Content-Length", "0")
                self.end_headers()

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        address_family = socket.AF_INET6 if ":" in addr else socket.AF_INET

    Server((addr, port), Handler).serve_forever()


def run_flaky(addr, port, root, log, down=2.5):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET

    def listen():
        server = socket.socket(family, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((addr, port))
        server.listen(8)
        return server

    first = True
    server = listen()
    while True:
        conn, _ = server.accept()
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                request += chunk
            lines = request.decode(errors="replace").split("\r\n")
            path = lines[0].split()[1] if lines[0].count(" ") >= 2 else "/"
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            rng = headers.get("range")
            log_line(log, f"FLAKY GET {path} range={rng}")
            data = open(os.path.join(root, path.lstrip("/")), "rb").read()
            start = int(rng[6:].split("-")[0]) if rng and rng.startswith("bytes=") else 0
            head = f"HTTP/1.1 {'206 Partial Content' if start else '200 OK'}\r\n"
            if start:
                head += f"Content-Range: bytes {start}-{len(data) - 1}/{len(data)}\r\n"
            head += (f"Content-Length: {len(data) - start}\r\nAccept-Ranges: bytes\r\nETag: \"f1\"\r\n"
                     "Connection: close\r\n\r\n")
            conn.sendall(head.encode())
            if not first:
                conn.sendall(data[start:])
                continue
            first = False
            conn.sendall(data[:len(data) // 2])
            conn.shutdown(socket.SHUT_RDWR)
        server.close()
        log_line(log, f"FLAKY down for {down} s")
        time.sleep(down)
        server = listen()
        log_line(log, "FLAKY up")


def tftp_transfer(client, data, options, log):
    family = socket.AF_INET6 if ":" in client[0] else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
    s.settimeout(1.0)
    blksize = min(int(options.get("blksize", 512)), 1468)
    window = min(int(options.get("windowsize", 1)), 16)
    oack = {}
    if "blksize" in options:
        oack["blksize"] = str(blksize)
    if "windowsize" in options:
        oack["windowsize"] = str(window)
    if "tsize" in options:
        oack["tsize"] = str(len(data))
    blocks = len(data) // blksize + 1
    if oack:
        pkt = b"\x00\x06" + b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in oack.items())
        for _ in range(5):
            s.sendto(pkt, client)
            try:
                ack, _ = s.recvfrom(100)
                if ack[:4] == b"\x00\x04\x00\x00":
                    break
            except socket.timeout:
                pass
    else:
        window, blksize = 1, 512
        blocks = len(data) // 512 + 1
    acked = 0  # blocks acknowledged (a count, not the wrapped number)
    dropped_once = False
    retries = 0
    while acked < blocks:
        last = min(blocks, acked + window)
        for n in range(acked + 1, last + 1):
            if n == 3 and not dropped_once and window > 1:
                dropped_once = True
                log_line(log, "TFTP dropped block 3")
                continue
            s.sendto(struct.pack("!HH", 3, n & 0xFFFF) + data[(n - 1) * blksize:n * blksize], client)
        try:
            while True:
                ack, _ = s.recvfrom(100)
                if len(ack) >= 4 and ack[:2] == b"\x00\x04":
                    num = struct.unpack("!H", ack[2:4])[0]
                    # The count whose low 16 bits are num, nearest above the last ACK.
                    cand = acked + ((num - acked) & 0xFFFF)
                    if cand <= last:
                        acked = cand
                        retries = 0
                        break
        except socket.timeout:
            retries += 1
            if retries > 5:
                return


def run_tftp(addr, port, root, log):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        pkt, client = s.recvfrom(2048)
        if pkt[:2] != b"\x00\x01":
            continue
        parts = pkt[2:].split(b"\0")
        name = parts[0].decode()
        opts = {parts[i].decode().lower(): parts[i + 1].decode() for i in range(2, len(parts) - 1, 2)}
        log_line(log, f"RRQ {name} {sorted(opts.items())}")
        path = os.path.join(root, name)
        if not os.path.isfile(path):
            s.sendto(b"\x00\x05\x00\x01File not found\0", client)
            continue
        threading.Thread(target=tftp_transfer, args=(client[:2], open(path, "rb").read(), opts, log), daemon=True).start()


if __name__ == "__main__":
    kind, addr, port, root, log = sys.argv[1:6]
    {"http": run_http, "flaky": run_flaky, "tftp": run_tftp}[kind](addr, int(port), root, log)
