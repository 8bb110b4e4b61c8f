#!/usr/bin/env python3
"""Generates a synthetic site for the benchmark: N pages of about 5 KB, each with about 12 links
(navigation to the first pages, the previous and next neighbours, and random pages), in a folder tree.

usage: gen_site.py DIR N [SEED]
"""
import os
import random
import sys

FILLER = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
          "labore et dolore magna aliqua. ")


def path_of(i):
    return "index.html" if i == 0 else f"s{i // 1000}/p{i}.html"


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    for i in range(n):
        targets = [0, 1 % n, 2 % n, 3 % n]                          # navigation
        targets += [(i - 1) % n, (i + 1) % n, (i + 2) % n]          # neighbours
        targets += [rnd.randrange(n) for _ in range(5)]             # random
        links = "\n".join(f'<li><a href="/{path_of(t)}">page {t}</a></li>' for t in targets)
        body = FILLER * 38
        html = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Page {i}</title></head>\n"
                f"<body><h1>Page {i}</h1>\n<ul>\n{links}\n</ul>\n<p>{body}</p>\n</body></html>\n")
        path = os.path.join(out, path_of(i))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(html)


if __name__ == "__main__":
    main()
