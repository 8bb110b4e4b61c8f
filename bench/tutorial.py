#!/usr/bin/env python3
"""Makes the tutorial's program for the benchmark and bench/parity, outside the repository.

qcrawl's default mode is measured against the final program of the Real Python tutorial "Python Stacks, Queues,
and Priority Queues in Practice" (section "Using Asynchronous Queues"; the tutorial publishes the code with its
materials). The repository keeps no copy of it. This script either takes the program from a path you give
(--from, or TUTORIAL=... in bench/run and bench/parity), or rebuilds it from the tutorial's text: it collects the
code listings that start with "# async_queues.py", repairs the lines that the text's code highlighting ran
together, and keeps, for every top-level definition, the tutorial's last version of it, in the order the names
first appear, with every import the listings use.

Two documented changes are then applied to the program, whichever way it came:
  - the queue type is chosen by the environment variable QUEUE (fifo | lifo | priority; default priority, the
    tutorial's last step), so that each of the tutorial's three queues can be compared;
  - with --seen, a set of URLs already queued, so that each URL is queued and fetched once (the fair peer for
    `qcrawl --unique`): a link is queued only if it is not in the set, and the start URL is in it from the start;
    and only links to the start URL's scheme, host and port are queued, as qcrawl's default --scope host: on a
    real site (the documentation site of bench/run links to python.org, GitHub, ...) the program as published
    would go out to the web.

usage: tutorial.py OUT [--from PROGRAM.py | --text TUTORIAL.txt] [--seen]
"""
import argparse
import os
import re
import sys

HEADER = "# async_queues.py"
DEFAULT_TEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "seed",
                            "async-queues-tutorial.txt")


def listings(text):
    """The code listings of the program: fenced ```py blocks and numbered listings, without line numbers."""
    blocks = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        numbered = re.match(r"^\s*`1(# async_queues\.py.*)$", line)
        if line.strip() == "```py" or numbered:
            body = [numbered.group(1)] if numbered else []
            i += 1
            while i < len(lines) and lines[i].strip() != "```":
                body.append(re.sub(r"^ ?\d+", "", lines[i]) if numbered else lines[i])
                i += 1
            if body and body[0].strip() == HEADER:
                blocks.append(repair(body[1:]))
        i += 1
    return blocks


def repair(body):
    """Splits lines that the highlighting ran together; they start with one space (never Python's indent)."""
    out = []
    for line in body:
        if not re.match(r"^ \S", line):
            out.append(line)
            continue
        run = re.match(r"^ (\S.*?)( {2,})(\S.*)$", line)
        if run:  # "statement<indentation>next statement": both at the next statement's indentation
            indent = " " * len(run.group(2))
            out += [indent + run.group(1), indent + run.group(3)]
            continue
        # "def f(x): if y: return z": compound statements joined by single spaces, each a level deeper
        previous = next((l for l in reversed(out) if l.strip()), "")
        indent = len(previous) - len(previous.lstrip())
        pieces = re.split(r":\s+(?=(?:if|elif|else|for|while|return|with|try)\b)", line.strip())
        for n, piece in enumerate(pieces):
            out.append(" " * (indent + 4 * n) + piece + (":" if n < len(pieces) - 1 else ""))
    return out


def assemble(blocks):
    """Imports first, then each top-level definition in its last version, in order of first appearance."""
    imports, order, definitions = [], [], {}
    for block in blocks:
        chunk, name = [], None

        def flush():
            if name is not None:
                if name not in definitions:
                    order.append(name)
                definitions[name] = "\n".join(chunk).rstrip() + "\n"

        for line in block:
            if line and not line[0].isspace() and not line.startswith("#"):
                flush()
                chunk, name = [], None
                if line.startswith(("import ", "from ")):
                    if line not in imports:
                        imports.append(line)
                    continue
                m = re.match(r"^(?:async\s+def|def|class)\s+(\w+)", line)
                name = m.group(1) if m else ("__main__" if line.startswith("if __name__") else line)
            if name is not None and line.strip() != "# ...":
                chunk.append(line)
        flush()
    names = [n for n in order if n != "__main__"] + (["__main__"] if "__main__" in definitions else [])
    return "\n".join(imports) + "\n\n\n" + "\n\n".join(definitions[n] for n in names)


def choose_queue(program):
    queue = re.search(r"^(\s*)queue = asyncio\.\w+\(\)$", program, re.M)
    if not queue:
        sys.exit("tutorial.py: no 'queue = asyncio...()' line in the program")
    line = (queue.group(1) + 'queue = {"fifo": asyncio.Queue, "lifo": asyncio.LifoQueue, '
            '"priority": asyncio.PriorityQueue}[os.environ.get("QUEUE", "priority")]()')
    program = program[:queue.start()] + line + program[queue.end():]
    return program if re.search(r"^import os$", program, re.M) else "import os\n" + program


def add_seen_set(program):
    put = re.search(r"^(\s*)await queue\.put\(Job\(link_url, depth \+ 1\)\)$", program, re.M)
    start = re.search(r"^(\s*)await queue\.put\(Job\(args\.url\)\)$", program, re.M)
    if not put or not start:
        sys.exit("tutorial.py: the program does not queue links the way the seen-set change expects")
    indent = put.group(1)
    guarded = (f"{indent}if link_url not in seen and urlsplit(link_url)[:2] == site[0]:\n"
               f"{indent}    seen.add(link_url)\n{indent}    await queue.put(Job(link_url, depth + 1))")
    program = program[:put.start()] + guarded + program[put.end():]
    start = re.search(r"^(\s*)await queue\.put\(Job\(args\.url\)\)$", program, re.M)
    program = (program[:start.start()] + f"{start.group(1)}seen.add(args.url)\n"
               + f"{start.group(1)}site.append(urlsplit(args.url)[:2])\n" + program[start.start():])
    first_def = re.search(r"^(?:async def|def|class) ", program, re.M)
    return (program[:first_def.start()] + "from urllib.parse import urlsplit\n\nseen = set()\nsite = []\n\n\n"
            + program[first_def.start():])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--from", dest="source", help="the tutorial's program, as published")
    parser.add_argument("--text", default=DEFAULT_TEXT, help="the tutorial's text (default: shared/seed)")
    parser.add_argument("--seen", action="store_true", help="add the seen-set change")
    args = parser.parse_args()
    if args.source:
        with open(args.source, encoding="utf-8") as f:
            program = f.read()
    else:
        if not os.path.exists(args.text):
            sys.exit(f"tutorial.py: no tutorial text at {args.text}; give the program with --from (TUTORIAL=...)")
        with open(args.text, encoding="utf-8") as f:
            program = assemble(listings(f.read()))
    program = choose_queue(program)
    if args.seen:
        program = add_seen_set(program)
    compile(program, args.out, "exec")  # a broken extraction fails here, not in the middle of a benchmark
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(program)


if __name__ == "__main__":
    main()
