#!/usr/bin/env python3
import sys
rows = [l.split() for l in open(sys.argv[1])]
lim = float(sys.argv[2])
for col, name in ((0, "kernel receive (SO_TIMESTAMPNS)"), (1, "server read (monotonic)")):
    g = []
    bad = []
    for a, b in zip(rows, rows[1:]):
        if a[col] == "None" or b[col] == "None": continue
        x = (int(b[col]) - int(a[col])) / 1e6; g.append(x)
        if x < lim: bad.append(f"{a[3]}->{b[3]} {x:.1f}")
    print(f"{name}: {len(rows)} requests, {len(set(r[2] for r in rows))} connections; {len(g)} gaps, ms min {min(g):.1f} "
          f"median {sorted(g)[len(g)//2]:.1f} max {max(g):.1f}; under {lim:g} ms: {len(bad)} {bad[:6]}")
    if len(sys.argv) > 3: print("  gaps:", " ".join(f"{x:.0f}" for x in g))
