#!/usr/bin/env python3
"""One-thread HTTP/1.1 keep-alive server that logs, for each request, the kernel's receive time of its bytes
(SO_TIMESTAMPNS, ns) and time.monotonic_ns() when the server read it.
usage: kserver.py PORT LOG [CRAWL_DELAY]   site: / links to /p0../p39; robots.txt with Crawl-delay if given."""
import sys, time, socket, selectors, struct
port, log = int(sys.argv[1]), sys.argv[2]
delay = sys.argv[3] if len(sys.argv) > 3 else None
SO_TIMESTAMPNS = 35
out = open(log, "a", buffering=1)
N = 40
def body_for(path):
    if path == "/robots.txt":
        return 200, "text/plain", ("User-agent: *\n" + (f"Crawl-delay: {delay}\n" if delay else "")).encode()
    if path == "/":
        return 200, "text/html", ("<html><body>" + "".join(f'<a href="/p{i}">p{i}</a> ' for i in range(N)) + "</body></html>").encode()
    if path.startswith("/p"):
        return 200, "text/html", b"<html><body><a href='/'>home</a></body></html>"
    return 404, "text/plain", b""
sel = selectors.DefaultSelector()
ls = socket.socket(); ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
ls.bind(("127.0.0.1", port)); ls.listen(128); ls.setblocking(False)
sel.register(ls, selectors.EVENT_READ, None)
bufs = {}
while True:
    for key, _ in sel.select():
        s = key.fileobj
        if s is ls:
            c, addr = ls.accept(); c.setblocking(True)
            c.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            bufs[c] = [b"", None]
            sel.register(c, selectors.EVENT_READ, addr[1])
            continue
        data, anc, flags, _ = s.recvmsg(65536, 1024)
        mono = time.monotonic_ns()
        kt = None
        for level, typ, d in anc:
            if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", d[:16]); kt = sec * 10**9 + nsec
        if not data:
            sel.unregister(s); s.close(); bufs.pop(s, None); continue
        b = bufs[s]
        if not b[0]:
            b[1] = kt
        b[0] += data
        while b"\r\n\r\n" in b[0]:
            head, b[0] = b[0].split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].decode()
            out.write(f"{b[1]} {mono} {key.data} {path}\n")
            b[1] = kt if b[0] else None
            st, ct, body = body_for(path)
            s.sendall(f"HTTP/1.1 {st} X\r\nContent-Type: {ct}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
