#!/usr/bin/env python3
"""Generates the link-check benchmark's site: N pages (links as gen_site.py's), each with 5 links to pages on
HOSTS other loopback hosts (127.0.0.2, 127.0.0.3, ...; EXTERNAL distinct URLs, each linked from 2 pages, one in
20 of them missing), an image, and a few broken links of the site's own (a missing page on one page in 100, a
missing image on one in 200). Writes the site to DIR and the broken URLs, one a line, to DIR.broken.

usage: check_site.py DIR SITE_PORT HOSTS_PORT [N] [EXTERNAL] [HOSTS]
"""
import os
import random
import sys


def path_of(i):
    return "index.html" if i == 0 else f"s{i // 1000}/p{i}.html"


def external(k, hosts, port):
    host = f"127.0.0.{2 + k % hosts}"
    path = f"/missing/{k}.html" if k % 20 == 0 else f"/doc/{k}.html"
    return f"http://{host}:{port}{path}"


def main():
    out, site_port, hosts_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    ext = int(sys.argv[5]) if len(sys.argv) > 5 else 5000
    hosts = int(sys.argv[6]) if len(sys.argv) > 6 else 50
    rnd = random.Random(1)
    site = f"http://127.0.0.1:{site_port}"
    broken = set()
    per_page = 2 * ext // n  # every external URL is linked from two pages
    os.makedirs(os.path.join(out, "img"), exist_ok=True)
    with open(os.path.join(out, "img", "logo.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    for i in range(n):
        targets = [0, 1 % n, 2 % n, 3 % n, (i - 1) % n, (i + 1) % n, (i + 2) % n]
        targets += [rnd.randrange(n) for _ in range(5)]
        links = [f'<a href="/{path_of(t)}">page {t}</a>' for t in targets]
        for j in range(per_page):
            k = (per_page * i + j) % ext
            url = external(k, hosts, hosts_port)
            links.append(f'<a href="{url}">elsewhere {k}</a>')
            if k % 20 == 0:
                broken.add(url)
        if i % 100 == 0:
            links.append(f'<a href="/nope/{i}.html">missing page</a>')
            broken.add(f"{site}/nope/{i}.html")
        images = '<img src="/img/logo.png" alt="logo">'
        if i % 200 == 0:
            images += f'<img src="/img/missing-{i}.png" alt="missing">'
            broken.add(f"{site}/img/missing-{i}.png")
        items = "\n".join(f"<li>{link}</li>" for link in links)
        html = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Page {i}</title></head>\n"
                f"<body><h1>Page {i}</h1>{images}\n<ul>\n{items}\n</ul>\n</body></html>\n")
        path = os.path.join(out, path_of(i))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(html)
    with open(out.rstrip("/") + ".broken", "w") as f:
        f.write("".join(f"{u}\n" for u in sorted(broken)))


if __name__ == "__main__":
    main()
