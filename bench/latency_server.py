#!/usr/bin/env python3
"""A static file server that answers every request after a fixed delay, like a site on a network: many requests
wait at once, so more processes crawl faster. For bench/shared. Loopback only.

usage: latency_server.py DIR PORT DELAY_MS
"""
import asyncio
import sys

from aiohttp import web


def main():
    root, port, delay = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000

    async def handle(request):
        await asyncio.sleep(delay)
        path = request.path.lstrip("/") or "index.html"
        if path.endswith("/"):
            path += "index.html"
        try:
            with open(f"{root}/{path}", "rb") as f:
                return web.Response(body=f.read(), content_type="text/html")
        except (FileNotFoundError, IsADirectoryError):
            return web.Response(status=404, text="not found")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
