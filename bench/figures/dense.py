#!/usr/bin/env python3
"""CountingOutOfMemoryIT's site (ff9bdb4): 40 pages that all link to each other, each with 5,000 links to
http://127.0.0.2:9/PAGE/K (another host: stored, not fetched). usage: dense.py PORT"""
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
PAGES, AWAY = 40, 5000
def path(i): return "/" if i == 0 else f"/p{i}.html"
pages = {}
for i in range(PAGES):
    h = [f"<!DOCTYPE html><title>{i}</title>\n"]
    h += [f'<a href="{path(j)}">{j}</a>\n' for j in range(PAGES)]
    h += [f'<a href="http://127.0.0.2:9/{i}/{k}">x</a>\n' for k in range(AWAY)]
    pages[path(i)] = "".join(h).encode()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        b = pages.get(self.path)
        self.send_response(200 if b else 404)
        b = b or b""
        self.send_header("Content-Type", "text/html; charset=utf-8"); self.send_header("Content-Length", str(len(b)))
        self.end_headers(); self.wfile.write(b)
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
