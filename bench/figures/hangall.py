#!/usr/bin/env python3
"""/ (the first time) links to /p0../p{N-1}; robots.txt 404; every later request, / included, is read and never answered.
usage: hang.py PORT N LOG"""
import sys, time, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
port, n, log = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], "a", buffering=1)
served = [False]
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        log.write(f"{time.monotonic():.3f} {self.client_address[1]} {self.path}\n")
        if self.path == "/" and not served[0]:
            served[0] = True
            b = ("<html><body>" + "".join(f'<a href="/p{i}">p{i}</a> ' for i in range(n)) + "</body></html>").encode()
            self.send_response(200); self.send_header("Content-Type", "text/html")
        else:
            if self.path != "/robots.txt":
                time.sleep(3600); return
            b = b""; self.send_response(404)
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
