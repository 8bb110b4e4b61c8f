# async_queues.py - the final program of the Real Python tutorial "Python Stacks, Queues, and Priority
# Queues in Practice", section "Using Asynchronous Queues" (by Bartosz Zaczynski), kept here as the
# reference qcrawl's default mode is measured against. Unchanged except for this header and the optional
# QUEUE environment variable (fifo | lifo | priority, default priority as in the tutorial's last step), so
# that each of the tutorial's three queues can be compared.
# Run: /usr/bin/python3 bench/async_queues.py URL --max-depth N --num-workers W  (Debian: python3-aiohttp python3-bs4)

import argparse
import asyncio
import os
import sys
from collections import Counter
from typing import NamedTuple
from urllib.parse import urljoin

import aiohttp
from bs4 import BeautifulSoup


class Job(NamedTuple):
    url: str
    depth: int = 1

    def __lt__(self, other):
        if isinstance(other, Job):
            return len(self.url) < len(other.url)


async def main(args):
    session = aiohttp.ClientSession()
    try:
        links = Counter()
        queue = {
            "fifo": asyncio.Queue,
            "lifo": asyncio.LifoQueue,
            "priority": asyncio.PriorityQueue,
        }[os.environ.get("QUEUE", "priority")]()
        tasks = [
            asyncio.create_task(
                worker(
                    f"Worker-{i + 1}",
                    session,
                    queue,
                    links,
                    args.max_depth,
                )
            )
            for i in range(args.num_workers)
        ]

        await queue.put(Job(args.url))
        await queue.join()

        for task in tasks:
            task.cancel()

        await asyncio.gather(*tasks, return_exceptions=True)

        display(links)
    finally:
        await session.close()


async def worker(worker_id, session, queue, links, max_depth):
    print(f"[{worker_id} starting]", file=sys.stderr)
    while True:
        url, depth = await queue.get()
        links[url] += 1
        try:
            if depth <= max_depth:
                print(f"[{worker_id} {depth=} {url=}]", file=sys.stderr)
                if html := await fetch_html(session, url):
                    for link_url in parse_links(url, html):
                        await queue.put(Job(link_url, depth + 1))
        except aiohttp.ClientError:
            print(f"[{worker_id} failed at {url=}]", file=sys.stderr)
        finally:
            queue.task_done()


async def fetch_html(session, url):
    async with session.get(url) as response:
        if response.ok and response.content_type == "text/html":
            return await response.text()


def parse_links(url, html):
    soup = BeautifulSoup(html, features="html.parser")
    for anchor in soup.select("a[href]"):
        href = anchor.get("href").lower()
        if not href.startswith("javascript:"):
            yield urljoin(url, href)


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("-d", "--max-depth", type=int, default=2)
    parser.add_argument("-w", "--num-workers", type=int, default=3)
    return parser.parse_args()


def display(links):
    for url, count in links.most_common():
        print(f"{count:>3} {url}")


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
