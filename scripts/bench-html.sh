#!/usr/bin/env bash
# HTML throughput: copydesk against trafilatura on the same pages in the same run, one thread
# each, in CPU seconds (user + system). Pages: every HTML page of ../shared/data/pages/dev and
# ../shared/data/pages2/dev (207 real news pages), decompressed to a temporary folder first so
# neither tool pays for gzip. trafilatura is installed from PyPI into a virtual environment
# under /tmp (kept between runs: $TRAFILATURA_VENV, default /tmp/copydesk-trafilatura-venv).
# Usage: scripts/bench-html.sh [BIN] [ROUNDS]   (default target/release/copydesk, 3 rounds)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/copydesk}"
rounds="${2:-3}"
shared="$(cd "$root/../shared" && pwd)"
venv="${TRAFILATURA_VENV:-/tmp/copydesk-trafilatura-venv}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  python3 -m venv "$venv"
  # lxml 6 moved lxml.html.clean (used by jusText inside trafilatura) to its own package.
  "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi
"$venv/bin/python" -c "import trafilatura; print('trafilatura', trafilatura.__version__)"

mkdir -p "$tmp/pages"
for f in "$shared"/data/pages/dev/*.html.gz "$shared"/data/pages2/dev/*.html.gz; do
  gunzip -c "$f" > "$tmp/pages/$(basename "${f%.gz}")"
done
echo "$(ls "$tmp/pages" | wc -l) pages, $(du -sb "$tmp/pages" | cut -f1) bytes of HTML"

"$venv/bin/python" - "$bin" "$root/config/strip.toml" "$tmp/pages" "$rounds" <<'PY'
import os, resource, subprocess, sys, time
import trafilatura

bin_, config, pages, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
files = sorted(os.path.join(pages, f) for f in os.listdir(pages))
html = [open(f, encoding="utf-8", errors="replace").read() for f in files]
mb = sum(os.path.getsize(f) for f in files) / 1e6

def trafilatura_cpu():
    t = time.process_time()
    for h in html:
        trafilatura.extract(h)
    return time.process_time() - t

def copydesk_cpu():
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([bin_, "run", "--quiet", "--jobs", "1", "--config", config,
                    "--format", "jsonl", "--glob", "*.html", "--output", "/dev/null", pages],
                   check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

trafilatura_cpu()  # warm-up: imports, lazy tables
for r in range(rounds):
    t, c = trafilatura_cpu(), copydesk_cpu()
    print(f"round {r + 1}: trafilatura {t:.2f} CPU s ({mb / t:.1f} MB/s), "
          f"copydesk {c:.2f} CPU s ({mb / c:.1f} MB/s): copydesk {t / c:.1f}x faster")
PY
