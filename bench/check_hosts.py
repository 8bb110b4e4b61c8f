#!/usr/bin/env python3
"""HOSTS loopback hosts (127.0.0.2, 127.0.0.3, ...) on one PORT that each answer every request after DELAY_MS:
404 for /missing/..., else a small HTML page. On SIGTERM it writes the requests it got, by method and URL, as
JSON to STATS. For bench/check. Loopback only.

usage: check_hosts.py PORT HOSTS DELAY_MS STATS
"""
import asyncio
import collections
import json
import signal
import sys

from aiohttp import web


async def main():
    port, hosts, delay, stats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000, sys.argv[4]
    counts = collections.Counter()

    async def handle(request):
        counts[f"{request.method} http://{request.host}{request.path_qs}"] += 1
        await asyncio.sleep(delay)
        if request.path.startswith("/missing/") or request.path == "/robots.txt":
            return web.Response(status=404, text="not found")
        return web.Response(text="<!DOCTYPE html><title>doc</title><p>a page elsewhere</p>", content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for h in range(hosts):
        await web.TCPSite(runner, f"127.0.0.{2 + h}", port, backlog=1024).start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print("ready", flush=True)
    await stop.wait()
    with open(stats, "w") as f:
        json.dump(counts, f)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
