#!/usr/bin/env bash
# Linear-time check (issue 8): runs the per-stage scaling benchmark (crates/driver/benches/
# scaling.rs: every stage of the default pipeline on 1x, 2x, 4x and 8x a 64 KiB document, for
# ordinary and adversarial text) and prints, per stage and text, the ratio of median times from
# one size to the next. Linear time gives about 2.0; the bar is 2.5.
# usage: scripts/bench-scaling.sh [saved divan output]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${1:-}" ]; then
  out=$1
else
  out=$(mktemp)
  cargo bench -p copydesk --bench scaling > "$out"
fi
python3 - "$out" <<'PY'
import re, sys
units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
stage = kind = None
times = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^[│ ├╰─]*(s\d_\w+)\s", line)
    if m:
        stage = m.group(1)[3:]
        continue
    m = re.match(r"^[│ ├╰─]*(ordinary|adversarial)\s", line)
    if m:
        kind = m.group(1)
        continue
    m = re.match(r"^[│ ├╰─]*([1248])\s+\S+ \S+\s+│\s+\S+ \S+\s+│\s+([\d.]+) (\S+)", line)
    if m and stage and kind:
        times.setdefault((stage, kind), {})[int(m.group(1))] = float(m.group(2)) * units[m.group(3)]
worst = 0.0
print(f"{'stage':<20} {'text':<12} {'1x':>10} {'2x/1x':>6} {'4x/2x':>6} {'8x/4x':>6}")
for (stage, kind), t in sorted(times.items()):
    ratios = [t[2 * n] / t[n] for n in (1, 2, 4)]
    worst = max(worst, *ratios)
    print(f"{stage:<20} {kind:<12} {t[1] * 1e3:>8.3f}ms " + " ".join(f"{r:>6.2f}" for r in ratios))
print(f"worst ratio per doubling: {worst:.2f} (bar 2.5)")
sys.exit(0 if worst <= 2.5 else 1)
PY
