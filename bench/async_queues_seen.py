# The tutorial's program (async_queues.py) with one change for the --unique comparison: a set of seen URLs, so
# that each URL is queued and fetched once, like `qcrawl --unique` and wget's recursive mode.
# Run: /usr/bin/python3 bench/async_queues_seen.py URL --max-depth N --num-workers W

import asyncio
import sys

import async_queues as tutorial
from async_queues import Job, fetch_html, parse_links, parse_args, display

import aiohttp

seen = set()


async def worker(worker_id, session, queue, links, max_depth):
    while True:
        url, depth = await queue.get()
        links[url] += 1
        try:
            if depth <= max_depth:
                if html := await fetch_html(session, url):
                    for link_url in parse_links(url, html):
                        if link_url not in seen:
                            seen.add(link_url)
                            await queue.put(Job(link_url, depth + 1))
        except aiohttp.ClientError:
            print(f"[{worker_id} failed at {url=}]", file=sys.stderr)
        finally:
            queue.task_done()


if __name__ == "__main__":
    tutorial.worker = worker
    args = parse_args()
    seen.add(args.url)
    asyncio.run(tutorial.main(args))
