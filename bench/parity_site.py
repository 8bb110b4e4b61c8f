#!/usr/bin/env python3
"""Writes a random small site for bench/parity: pages in nested folders linking to each other in every form the
tutorial's program and qcrawl should read alike (absolute URLs, root-relative, ./ and ../ paths, folder URLs
served by index.html, queries, self links, javascript: links, missing pages, non-HTML files, unquoted hrefs,
anchors without href, doubled slashes in absolute and relative paths). Only lower-case, fragment-free URLs: where qcrawl differs from the tutorial on purpose
(see the README) is left out.

    parity_site.py SEED DIR PORT [PAGES]     (PAGES: about that many pages; default 10 to 22)
"""
import os
import random
import shutil
import sys

seed, root, port = int(sys.argv[1]), sys.argv[2], sys.argv[3]
per_folder = int(sys.argv[4]) // 4 if len(sys.argv) > 4 else None
r = random.Random(seed)
shutil.rmtree(root, ignore_errors=True)
pages = []
for folder in ['', 'a/', 'a/b/', 'c/']:
    os.makedirs(os.path.join(root, folder), exist_ok=True)
    count = per_folder if per_folder else r.randint(2, 5)
    pages += [folder + f'p{i}.html' for i in range(count)] + [folder + 'index.html']
others = ['notes.txt', 'a/img.png', 'style.css']
for other in others:
    with open(os.path.join(root, other), 'w') as f:
        f.write('<a href="/never.html">not html, not parsed</a>')


def href(src, dst):
    folder = src.rsplit('/', 1)[0] + '/' if '/' in src else ''
    forms = ['/' + dst, f'http://localhost:{port}/' + dst, '../' * folder.count('/') + dst]
    if dst.startswith(folder):
        forms += [dst[len(folder):], './' + dst[len(folder):]]
    if dst.endswith('index.html'):
        forms.append('/' + dst[:-len('index.html')])
    if '/' in dst and r.random() < 0.15:
        # a doubled slash: kept in an absolute path, made one in a relative path ('urljoin', and qcrawl)
        forms = ['/' + dst.replace('/', '//', 1)]
        if dst.startswith(folder) and '/' in dst[len(folder):]:
            forms.append(dst[len(folder):].replace('/', '//', 1))
    return r.choice(forms)


for page in pages:
    links = []
    for _ in range(r.randint(1, 6)):
        kind = r.random()
        if kind < 0.70:
            target = href(page, r.choice(pages))
        elif kind < 0.78:
            target = href(page, r.choice(others))
        elif kind < 0.84:
            target = '/missing%d.html' % r.randint(0, 3)
        elif kind < 0.88:
            target = href(page, r.choice(pages)) + '?v=%d&k=%d' % (r.randint(0, 2), r.randint(0, 2))
        elif kind < 0.92:
            target = 'javascript:void(0)'
        elif kind < 0.96:
            # An empty href on the site's root page: from the start URL typed without its '/', the tutorial resolves
            # it to that URL as typed, qcrawl counts it on '/' (docs/tutorial.md); './' is the same self link to both.
            target = '' if page != 'index.html' else './'
        else:
            target = '..' if '/' in page else '.'
        quote = r.choice(['"', "'", ''])
        if quote == '' and (target == '' or any(c in target for c in ' ?&')):
            quote = '"'
        links.append(f'<a href={quote}{target}{quote}>link</a>')
    body = r.choice(['<ul>{}</ul>', '<table><tr><td>{}</td></tr></table>', '<p>{}</p>', '<div><span>{}</span></div>'])
    with open(os.path.join(root, page), 'w') as f:
        f.write('<!doctype html><html><head><title>t</title></head><body>' + body.format(' '.join(links))
                + '<a name="x">no href</a></body></html>')
